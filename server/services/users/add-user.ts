// Admins create accounts; audited without the password.
import { z } from 'zod';
import { roles } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { createUser, type CreatedUser } from './create-user.ts';

export const NewUserInput = z.object({
  username: z.string().trim().min(3).max(30).regex(/^[a-zA-Z0-9_.]+$/, 'Letters, digits, "_" and "." only'),
  name: z.string().trim().min(1).max(100),
  email: z.string().trim().email().max(200).optional(),
  password: z.string().min(8).max(128),
  role: z.enum(roles),
  teamId: z.string().min(1).nullable().optional(),
});
export type NewUserInput = z.infer<typeof NewUserInput>;

export async function addUser(context: ServiceContext, input: NewUserInput): Promise<CreatedUser> {
  const parameters = { username: input.username, name: input.name, email: input.email ?? null, role: input.role, teamId: input.teamId ?? null };
  return recordChange(context, { action: 'user.create', resourceType: 'user', resourceName: input.username.toLowerCase(), parameters }, async () => {
    const created = await createUser(context.auth, input);
    return { result: created, after: { id: created.id, role: created.role, teamId: input.teamId ?? null } };
  });
}
