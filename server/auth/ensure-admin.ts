// First start: creates the `admin` account from SAMSA_ADMIN_PASSWORD, or with a generated password printed once.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { users } from '../db/schema/index.ts';
import { createAccount } from './create-account.ts';
import type { Auth } from './create-auth.ts';

export interface EnsureAdminResult {
  created: boolean;
  /** Only when it was generated, so the caller can print it once. */
  generatedPassword?: string;
}

export async function ensureAdmin(db: Database, auth: Auth, configuredPassword: string | undefined): Promise<EnsureAdminResult> {
  const admins = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
  if (admins.length > 0) return { created: false };
  const generatedPassword = configuredPassword ? undefined : randomBytes(12).toString('base64url');
  const password = configuredPassword ?? generatedPassword!;
  await createAccount(auth, { username: 'admin', name: 'Administrator', password, role: 'admin' });
  return { created: true, generatedPassword };
}
