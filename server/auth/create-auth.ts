// better-auth over our drizzle schema: username + password, httpOnly SameSite cookies.
// Public sign-up is off: admins create accounts (services/users/create-user.ts, through create-account.ts).
// HTTP reaches it only through auth-endpoint.ts (three endpoints); sign-in limits and audit are sign-in.ts's.
// The client address it records on sessions comes from our own header, set from the socket address
// (server/http/client-address.ts).
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { username } from 'better-auth/plugins';
import type { Database } from '../db/database.ts';
import { clientAddressHeader } from '../http/client-address.ts';
import * as schema from '../db/schema/index.ts';
import { maxPasswordLength, minPasswordLength } from '../../domain/password-policy.ts';

export interface CreateAuthOptions {
  db: Database;
  /** Signs session cookies; derived from SAMSA_SECRET_KEY. */
  secret: string;
  baseUrl: string;
  trustedOrigins: string[];
}

export function createAuth(options: CreateAuthOptions) {
  return betterAuth({
    appName: 'Samsa',
    baseURL: options.baseUrl,
    basePath: '/api/auth',
    secret: options.secret,
    trustedOrigins: options.trustedOrigins,
    database: drizzleAdapter(options.db, { provider: 'pg', schema, usePlural: true }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength, maxPasswordLength },
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
      // sign-in.ts limits sign-ins per address and per account, before auditing them.
      customRules: { '/sign-in/username': false },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    advanced: {
      cookiePrefix: 'samsa',
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      ipAddress: { ipAddressHeaders: [clientAddressHeader] },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
