// A console runtime over a fresh test database, plus signed-in callers for each role.
import { randomBytes } from 'node:crypto';
import { createCaller } from '../api/root.ts';
import type { TrpcContext } from '../api/trpc.ts';
import type { Role } from '../../domain/roles.ts';
import { readServerConfig, type ServerConfig } from '../env.ts';
import { assembleRuntime, type ConsoleRuntime } from '../runtime/console-runtime.ts';
import type { Actor } from '../services/service-context.ts';
import { createAccount } from '../auth/create-account.ts';
import type { TestCluster } from './test-cluster.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database.ts';

export interface TestRuntime extends ConsoleRuntime {
  /** Creates a user with this role (and team) and returns a tRPC caller acting as them. */
  callerAs(role: Role, options?: { teamId?: string | null }): Promise<ReturnType<typeof createCaller>>;
  actorAs(role: Role, options?: { teamId?: string | null }): Promise<Actor>;
  anonymousCaller(): ReturnType<typeof createCaller>;
  /**
   * A restart: stops this runtime's jobs and cluster clients (everything in memory is gone) and returns a new
   * runtime over the same database, configuration and secret key. Close only the new one.
   */
  restart(): Promise<TestRuntime>;
}

export interface TestRuntimeOptions {
  /** The built-in cluster, connected to as the console connects (its SASL login included). */
  cluster?: Pick<TestCluster, 'consoleEnv'>;
  /** A bare bootstrap address instead, e.g. one where nothing listens. */
  kafkaBootstrap?: string;
  /** More environment, e.g. SAMSA_WEBHOOK_RETRY_BASE_MS for fast retries. */
  env?: Record<string, string>;
  /** A database to use instead of a fresh one (shared with a console process under test); disposed on close. */
  database?: TestDatabase;
}

export async function createTestRuntime(kind: DatabaseKind, options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const database = options.database ?? (await createTestDatabase(kind));
  const config = readServerConfig({
    SAMSA_DATA_DIR: '/tmp/samsa-unused',
    SAMSA_KAFKA_BOOTSTRAP: options.kafkaBootstrap ?? '127.0.0.1:1',
    ...options.cluster?.consoleEnv,
    ...options.env,
  });
  return wrapRuntime(database, config, randomBytes(32).toString('base64url'));
}

function wrapRuntime(database: TestDatabase, config: ServerConfig, secretKey: string): TestRuntime {
  const runtime = assembleRuntime({ config, database, secretKey });
  const stopAllButDatabase = async () => {
    await runtime.lagSampler.stop();
    await runtime.alertEvaluator.stop();
    await runtime.webhooks.stop();
    await runtime.replays.stop();
    await runtime.scans.close();
    runtime.tails.close();
    await runtime.clusters.close();
  };
  const contextFor = (actor: Actor | null): TrpcContext => ({
    runtime,
    actor,
    requestId: `test-${randomBytes(4).toString('hex')}`,
    clientAddress: '127.0.0.1',
  });
  const actorAs = async (role: Role, actorOptions: { teamId?: string | null } = {}): Promise<Actor> => {
    const username = `${role}_${randomBytes(4).toString('hex')}`;
    const user = await createAccount(runtime.auth, {
      username,
      name: username,
      password: 'correct horse battery',
      role,
      teamId: actorOptions.teamId,
    });
    return { userId: user.id, username, name: username, role, teamId: actorOptions.teamId ?? null };
  };
  return {
    ...runtime,
    close: async () => {
      await stopAllButDatabase();
      await database.dispose();
    },
    restart: async () => {
      await stopAllButDatabase();
      return wrapRuntime(database, config, secretKey);
    },
    actorAs,
    callerAs: async (role, actorOptions) => createCaller(contextFor(await actorAs(role, actorOptions))),
    anonymousCaller: () => createCaller(contextFor(null)),
  };
}
