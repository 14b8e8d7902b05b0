// Environment, validated once at start: a bad value stops the process with a message naming the variable.
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

export const ServerEnv = z.object({
  PORT: port.default(3000),
  SAMSA_KAFKA_PORT: port.default(9092),
  /** host:port list of the built-in broker; derived from SAMSA_KAFKA_PORT when unset. */
  SAMSA_KAFKA_BOOTSTRAP: z.string().min(1).optional(),
  SAMSA_DATA_DIR: z.string().min(1).default('./data'),
  /** Unset: PGlite stored under the data dir. Set: that Postgres server. */
  DATABASE_URL: z.string().url().optional(),
  /** At least 32 characters; generated and stored under the data dir when unset. */
  SAMSA_SECRET_KEY: z.string().min(32).optional(),
  SAMSA_ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Sign-in attempts allowed per client address per minute. */
  SAMSA_SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** The address users open; cookies and origin checks follow it. */
  SAMSA_PUBLIC_URL: z.string().url().optional(),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

export interface ServerConfig {
  port: number;
  kafkaBootstrap: string;
  dataDir: string;
  databaseUrl: string | undefined;
  secretKey: string | undefined;
  adminPassword: string | undefined;
  publicUrl: string;
  signInAttemptsPerMinute: number;
}

export function readServerConfig(source: Record<string, string | undefined> = process.env): ServerConfig {
  // An empty variable means unset (shells and CI files often export VAR= ).
  const nonEmpty = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = ServerEnv.safeParse(nonEmpty);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    kafkaBootstrap: env.SAMSA_KAFKA_BOOTSTRAP ?? `127.0.0.1:${env.SAMSA_KAFKA_PORT}`,
    dataDir: path.resolve(env.SAMSA_DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    secretKey: env.SAMSA_SECRET_KEY,
    adminPassword: env.SAMSA_ADMIN_PASSWORD,
    publicUrl: env.SAMSA_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`,
    signInAttemptsPerMinute: env.SAMSA_SIGN_IN_ATTEMPTS_PER_MINUTE,
  };
}
