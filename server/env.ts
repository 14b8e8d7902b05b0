// Environment, validated once at start: a bad value stops the process with a message naming the variable.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { NewPassword } from '../domain/password-policy.ts';
import type { LagSamplerConfig } from './jobs/lag-sampler.ts';
import type { ClusterConnection } from './kafka/cluster-client.ts';
import { parseTrustedProxies } from './http/client-address.ts';
import { defaultMaxRequestBodyBytes } from './http/request-body-limit.ts';

const port = z.coerce.number().int().min(0).max(65_535);

export const ServerEnv = z.object({
  PORT: port.default(3000),
  SAMSA_KAFKA_PORT: port.default(9092),
  /** host:port list of the built-in broker; derived from SAMSA_KAFKA_PORT when unset. */
  SAMSA_KAFKA_BOOTSTRAP: z.string().min(1).optional(),
  /** Where other Kafka clients reach the built-in broker when the console logs in elsewhere (npm start sets it). */
  SAMSA_KAFKA_CLIENT_BOOTSTRAP: z.string().min(1).max(2000).optional(),
  /**
   * The console's own SASL login on the built-in cluster (`npm start` generates one). Changes made with it
   * are the console's own, already audited with the signed-in user; the broker-change recorder skips them.
   */
  SAMSA_KAFKA_SASL_USERNAME: z.string().min(1).max(200).optional(),
  SAMSA_KAFKA_SASL_PASSWORD: z.string().min(1).max(1000).optional(),
  SAMSA_KAFKA_SASL_MECHANISM: z.enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']).default('SCRAM-SHA-512'),
  /** PEM file of the certificate(s) to trust for TLS to the built-in cluster; set means TLS is on. */
  SAMSA_KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
  SAMSA_DATA_DIR: z.string().min(1).default('./data'),
  /** Unset: PGlite stored under the data dir. Set: that Postgres server. */
  DATABASE_URL: z.string().url().optional(),
  /** A Postgres role owning the tables: migrations run as it, and DATABASE_URL's role gets restricted grants. */
  SAMSA_DATABASE_OWNER_URL: z.string().url().optional(),
  /** At least 32 characters; generated and stored under the data dir when unset. */
  SAMSA_SECRET_KEY: z.string().min(32).optional(),
  SAMSA_ADMIN_PASSWORD: NewPassword.optional(),
  /** Sign-in attempts allowed per client address per minute. */
  SAMSA_SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** The address users open; cookies and origin checks follow it. */
  SAMSA_PUBLIC_URL: z.string().url().optional(),
  /** Proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For is believed; unset: none. */
  SAMSA_TRUSTED_PROXIES: z.string().max(10_000).optional(),
  /** Largest request body the console reads. */
  SAMSA_MAX_REQUEST_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(defaultMaxRequestBodyBytes),
  /** Lag history: how often every group of every cluster is sampled; 0 turns the sampler off. */
  SAMSA_LAG_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  /** A cluster's round not finished after this is stored as a gap; default: 4 intervals, at least 30 s. */
  SAMSA_LAG_SAMPLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  SAMSA_LAG_RAW_RETENTION_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(48),
  SAMSA_LAG_MINUTE_RETENTION_DAYS: z.coerce.number().min(0.01).max(3_650).default(30),
  SAMSA_LAG_HOUR_RETENTION_DAYS: z.coerce.number().min(0.01).max(36_500).default(365),
  /** Bearer token for /metrics; unset: /metrics answers loopback connections only. */
  SAMSA_METRICS_TOKEN: z.string().min(16).max(1_000).optional(),
  /** How long one webhook POST may take before it counts as failed. */
  SAMSA_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Attempts per webhook delivery, the first included. */
  SAMSA_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** Delay before the first retry; each further retry waits twice as long (at most 10 minutes). */
  SAMSA_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
});
export type ServerEnv = z.infer<typeof ServerEnv>;

export interface ServerConfig {
  port: number;
  kafkaBootstrap: string;
  /** How the console connects to the built-in cluster: kafkaBootstrap plus its SASL login and TLS trust. */
  kafkaConnection: ClusterConnection;
  /** host:port list other Kafka clients use for the built-in cluster (its PLAINTEXT port, not the console's listener). */
  kafkaClientBootstrap: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseOwnerUrl: string | undefined;
  secretKey: string | undefined;
  adminPassword: string | undefined;
  publicUrl: string;
  signInAttemptsPerMinute: number;
  /** SAMSA_TRUSTED_PROXIES as given (validated); scripts/start.ts parses it into a BlockList. */
  trustedProxies: string | undefined;
  maxRequestBodyBytes: number;
  lagSampler: LagSamplerConfig;
  metricsToken: string | undefined;
  webhooks: { timeoutMs: number; maxAttempts: number; retryBaseMs: number };
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
  const kafkaBootstrap = env.SAMSA_KAFKA_BOOTSTRAP ?? `127.0.0.1:${env.SAMSA_KAFKA_PORT}`;
  if (env.SAMSA_DATABASE_OWNER_URL && !env.DATABASE_URL)
    throw new Error('Invalid environment:\n  SAMSA_DATABASE_OWNER_URL needs DATABASE_URL (the console role)');
  // Fails start with the bad entry named, rather than silently trusting nobody (or everybody).
  parseTrustedProxies(env.SAMSA_TRUSTED_PROXIES);
  return {
    port: env.PORT,
    kafkaBootstrap,
    kafkaConnection: builtInConnection(env, kafkaBootstrap),
    kafkaClientBootstrap: env.SAMSA_KAFKA_CLIENT_BOOTSTRAP ?? kafkaBootstrap,
    dataDir: path.resolve(env.SAMSA_DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    databaseOwnerUrl: env.SAMSA_DATABASE_OWNER_URL,
    secretKey: env.SAMSA_SECRET_KEY,
    adminPassword: env.SAMSA_ADMIN_PASSWORD,
    publicUrl: env.SAMSA_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`,
    signInAttemptsPerMinute: env.SAMSA_SIGN_IN_ATTEMPTS_PER_MINUTE,
    trustedProxies: env.SAMSA_TRUSTED_PROXIES,
    maxRequestBodyBytes: env.SAMSA_MAX_REQUEST_BODY_BYTES,
    lagSampler: {
      intervalMs: env.SAMSA_LAG_SAMPLE_INTERVAL_MS,
      timeoutMs: env.SAMSA_LAG_SAMPLE_TIMEOUT_MS ?? Math.max(30_000, 4 * env.SAMSA_LAG_SAMPLE_INTERVAL_MS),
      retention: {
        rawMs: env.SAMSA_LAG_RAW_RETENTION_HOURS * 3_600_000,
        minuteMs: env.SAMSA_LAG_MINUTE_RETENTION_DAYS * 86_400_000,
        hourMs: env.SAMSA_LAG_HOUR_RETENTION_DAYS * 86_400_000,
      },
    },
    metricsToken: env.SAMSA_METRICS_TOKEN,
    webhooks: {
      timeoutMs: env.SAMSA_WEBHOOK_TIMEOUT_MS,
      maxAttempts: env.SAMSA_WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: env.SAMSA_WEBHOOK_RETRY_BASE_MS,
    },
  };
}

function builtInConnection(env: ServerEnv, bootstrap: string): ClusterConnection {
  const bootstrapServers = bootstrap
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server !== '');
  if ((env.SAMSA_KAFKA_SASL_USERNAME === undefined) !== (env.SAMSA_KAFKA_SASL_PASSWORD === undefined)) {
    throw new Error('Invalid environment:\n  SAMSA_KAFKA_SASL_USERNAME and SAMSA_KAFKA_SASL_PASSWORD are set together or not at all');
  }
  const sasl =
    env.SAMSA_KAFKA_SASL_USERNAME === undefined
      ? undefined
      : { mechanism: env.SAMSA_KAFKA_SASL_MECHANISM, username: env.SAMSA_KAFKA_SASL_USERNAME, password: env.SAMSA_KAFKA_SASL_PASSWORD! };
  let tls: ClusterConnection['tls'];
  if (env.SAMSA_KAFKA_TLS_CA_FILE !== undefined) {
    try {
      tls = { caPem: readFileSync(env.SAMSA_KAFKA_TLS_CA_FILE, 'utf8'), rejectUnauthorized: true };
    } catch (error) {
      throw new Error(
        `Invalid environment:\n  SAMSA_KAFKA_TLS_CA_FILE: cannot read ${env.SAMSA_KAFKA_TLS_CA_FILE} (${(error as Error).message})`,
      );
    }
  }
  return { bootstrapServers, sasl, tls };
}
