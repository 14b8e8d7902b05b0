// better-auth over our drizzle schema: username + password, httpOnly SameSite cookies, rate-limited sign-in.
// Public sign-up is off: admins create accounts (services/users/create-user.ts, through create-account.ts).
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { username } from 'better-auth/plugins';
import type { Database } from '../db/database.ts';
import * as schema from '../db/schema/index.ts';

export interface CreateAuthOptions {
  db: Database;
  /** Signs session cookies; derived from SAMSA_SECRET_KEY. */
  secret: string;
  baseUrl: string;
  trustedOrigins: string[];
  /** Sign-in attempts per client address per minute. */
  signInAttemptsPerMinute?: number;
}

export function createAuth(options: CreateAuthOptions) {
  const signInRule = { window: 60, max: options.signInAttemptsPerMinute ?? 10 };
  return betterAuth({
    appName: 'Samsa',
    baseURL: options.baseUrl,
    basePath: '/api/auth',
    secret: options.secret,
    trustedOrigins: options.trustedOrigins,
    database: drizzleAdapter(options.db, { provider: 'pg', schema, usePlural: true }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, input: false, defaultValue: 'viewer' },
        teamId: { type: 'string', required: false, input: false },
      },
    },
    plugins: [username()],
    rateLimit: {
      enabled: true,
      storage: 'memory',
      window: 60,
      max: 600,
      customRules: { '/sign-in/username': signInRule, '/sign-in/email': signInRule },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: {
      cookiePrefix: 'samsa',
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      ipAddress: { ipAddressHeaders: ['x-forwarded-for', 'x-real-ip'] },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
