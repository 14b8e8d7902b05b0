// Everything the console back end shares: the database (migrated), auth, secrets, cluster clients.
// Opened once per process (see get-console-runtime.ts); tests open their own with a test database.
import { createAuth, type Auth } from '../auth/create-auth.ts';
import { ensureAdmin } from '../auth/ensure-admin.ts';
import { createSignInLimits, type SignInLimits } from '../auth/sign-in.ts';
import { openDatabase, type Database, type DatabaseHandle } from '../db/database.ts';
import { grantConsoleRole, roleOfDatabaseUrl } from '../db/grant-console-role.ts';
import { migrateDatabase } from '../db/migrate-database.ts';
import type { ServerConfig } from '../env.ts';
import { SecretBox } from '../security/secret-box.ts';
import { deriveKey, loadOrCreateSecretKey } from '../security/secret-key.ts';
import { builtInClusterId, ClusterRegistry } from '../services/clusters/cluster-registry.ts';
import { BrokerChangeRecorder } from '../jobs/broker-change-recorder.ts';
import { LagSampler } from '../jobs/lag-sampler.ts';
import { ReplayRunner } from '../jobs/replay-runner.ts';
import { ScanRegistry } from '../services/messages/scan-registry.ts';
import { TailHub } from '../services/messages/tail-hub.ts';
import { WebhookDispatcher } from '../jobs/webhook-dispatcher.ts';
import { AlertEvaluator } from '../jobs/alert-evaluator.ts';

export interface ConsoleRuntime {
  config: ServerConfig;
  database: DatabaseHandle;
  db: Database;
  auth: Auth;
  /** Origins whose pages may send changes: SAMSA_PUBLIC_URL's, and the console's port on loopback. */
  trustedOrigins: string[];
  /** Per-address and per-account sign-in limits (per process). */
  signInLimits: SignInLimits;
  secretBox: SecretBox;
  clusters: ClusterRegistry;
  /** Record searches (browse, filters) running off the request path, bounded per user and per cluster. */
  scans: ScanRegistry;
  /** Live tails: one fetch loop per (cluster, topic, isolation level), shared by its viewers. */
  tails: TailHub;
  /** Audits other tools' changes to the built-in broker; started by startJobs(), not by assembleRuntime. */
  brokerChanges: BrokerChangeRecorder;
  /** Samples every group's lag of every cluster into the lag history; started by startJobs(). */
  lagSampler: LagSampler;
  /** Sends queued webhook deliveries with retries; started by startJobs(). */
  webhooks: WebhookDispatcher;
  /** Replay jobs: copies records between topics exactly once; started by startJobs(). */
  replays: ReplayRunner;
  /** Evaluates the alert rules after each lag-sampler round; started by startJobs(). */
  alertEvaluator: AlertEvaluator;
  /** Starts the background jobs (once per process: the web server's runtime, not start.ts's short one). */
  startJobs(): void;
  close(): Promise<void>;
}

export interface RuntimeParts {
  config: ServerConfig;
  database: DatabaseHandle;
  secretKey: string;
}

/** Wires the parts together; does not migrate or create the admin (startConsoleRuntime does). */
export function assembleRuntime(parts: RuntimeParts): ConsoleRuntime {
  const { config, database } = parts;
  const secretBox = new SecretBox(deriveKey(parts.secretKey, 'cluster-secrets'));
  const publicUrl = new URL(config.publicUrl);
  const trustedOrigins = [publicUrl.origin, `http://127.0.0.1:${config.port}`, `http://localhost:${config.port}`];
  const auth = createAuth({
    db: database.db,
    secret: deriveKey(parts.secretKey, 'auth').toString('base64url'),
    baseUrl: publicUrl.origin,
    trustedOrigins,
  });
  const clusters = new ClusterRegistry(database.db, secretBox, config.kafkaConnection, config.kafkaClientBootstrap);
  const scans = new ScanRegistry();
  const tails = new TailHub();
  const brokerChanges = new BrokerChangeRecorder({ db: database.db, clusterId: builtInClusterId, connection: config.kafkaConnection });
  const lagSampler = new LagSampler({ db: database.db, clusters, config: config.lagSampler });
  const webhooks = new WebhookDispatcher({ db: database.db, secretBox, ...config.webhooks });
  const replays = new ReplayRunner({ db: database.db, clusters });
  const alertEvaluator = new AlertEvaluator({
    db: database.db,
    webhooks,
    lagSampler,
    publicUrl: config.publicUrl,
    sampleIntervalMs: config.lagSampler.intervalMs,
  });
  return {
    config,
    database,
    db: database.db,
    auth,
    trustedOrigins,
    signInLimits: createSignInLimits(config.signInAttemptsPerMinute),
    secretBox,
    clusters,
    scans,
    tails,
    brokerChanges,
    lagSampler,
    webhooks,
    replays,
    alertEvaluator,
    startJobs: () => {
      // The first search need not wait for a scan thread to load its modules.
      scans.workers.warm();
      brokerChanges.start();
      alertEvaluator.start();
      lagSampler.start();
      webhooks.start();
      replays.start();
    },
    close: async () => {
      // Jobs first: they write to the database closed below.
      await brokerChanges.stop();
      await lagSampler.stop();
      await alertEvaluator.stop();
      await webhooks.stop();
      await replays.stop();
      await scans.close();
      tails.close();
      await clusters.close();
      await database.close();
    },
  };
}

export async function startConsoleRuntime(config: ServerConfig): Promise<ConsoleRuntime> {
  const secretKey = await loadOrCreateSecretKey(config.secretKey, config.dataDir);
  const database = await openMigratedDatabase(config);
  const runtime = assembleRuntime({ config, database, secretKey });
  const admin = await ensureAdmin(runtime.db, runtime.auth, config.adminPassword);
  if (admin.generatedPassword) {
    console.log(
      `\nSamsa: created user "admin" with generated password: ${admin.generatedPassword}\n(shown once; set SAMSA_ADMIN_PASSWORD to choose it)\n`,
    );
  } else if (admin.created) {
    console.log('Samsa: created user "admin" with the password from SAMSA_ADMIN_PASSWORD');
  }
  return runtime;
}

/**
 * The console's database, migrated. With SAMSA_DATABASE_OWNER_URL the owner role migrates and grants the
 * console's role (DATABASE_URL) only what it needs (server/db/grant-console-role.ts); the console's own
 * connection then never runs DDL.
 */
async function openMigratedDatabase(config: ServerConfig): Promise<DatabaseHandle> {
  if (config.databaseOwnerUrl && config.databaseUrl) {
    const owner = await openDatabase({ databaseUrl: config.databaseOwnerUrl, dataDir: config.dataDir });
    try {
      await migrateDatabase(owner);
      await grantConsoleRole(owner.db, roleOfDatabaseUrl(config.databaseUrl));
    } finally {
      await owner.close();
    }
    return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateDatabase(database);
  return database;
}
