// Passwords of console accounts: 8 to 128 characters. These are better-auth's limits too (create-auth.ts passes
// them on), so a password the forms accept is one sign-in accepts.
import { z } from 'zod';

export const minPasswordLength = 8;
export const maxPasswordLength = 128;

export const NewPassword = z
  .string()
  .min(minPasswordLength, `Passwords have at least ${minPasswordLength} characters.`)
  .max(maxPasswordLength, `Passwords have at most ${maxPasswordLength} characters.`);
export type NewPassword = z.infer<typeof NewPassword>;
