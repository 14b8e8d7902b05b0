// Admins create accounts; audited without the password.
import { z } from 'zod';
import { NewPassword } from '../../../domain/password-policy.ts';
import { createAccount, type CreatedAccount } from '../../auth/create-account.ts';
import { roles } from '../../../domain/roles.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { requireTeam } from '../teams/require-team.ts';
import { withoutControlCharacters } from '../control-characters.ts';

export const CreateUserInput = z.object({
  username: z
    .string()
    .trim()
    .min(3)
    .max(30)
    .regex(/^[a-zA-Z0-9_.]+$/, 'Letters, digits, "_" and "." only'),
  name: withoutControlCharacters(z.string().trim().min(1).max(100)),
  email: z.string().trim().email().max(200).optional(),
  password: NewPassword,
  role: z.enum(roles),
  teamId: z.string().min(1).max(100).nullable().optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export async function createUser({ ctx, input }: VerbArgs<typeof CreateUserInput>): Promise<CreatedAccount> {
  const user = CreateUserInput.parse(input);
  await requireTeam(ctx.db, user.teamId);
  const parameters = { username: user.username, name: user.name, email: user.email ?? null, role: user.role, teamId: user.teamId ?? null };
  return recordChange(
    ctx,
    { action: 'user.create', resourceType: 'user', resourceName: user.username.toLowerCase(), parameters },
    async () => {
      const created = await createAccount(ctx.auth, user);
      return { result: created, after: { id: created.id, role: created.role, teamId: user.teamId ?? null } };
    },
  );
}
