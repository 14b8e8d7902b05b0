// The cluster integration tests run against: the built-in broker by default (what CI has), a real Apache
// Kafka with SAMSA_INTEROP_TARGET=real-kafka, or an already running one at SAMSA_TEST_KAFKA_BOOTSTRAP.
// The built-in broker is started as `npm start` starts it: PLAINTEXT for other tools, and a SASL listener
// where the console logs in with its own generated user, so its changes are told apart from other tools'.
// Unlike `npm start`, a group's first rebalance does not wait for more members (Kafka's 3 s default): as on the
// real Kafka the tests compare with (e2e/fixtures/real-kafka.ts), each test's consumers join at once.
import { randomBytes } from 'node:crypto';
import type { BrokerHandle } from '../../e2e/fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../../e2e/fixtures/built-in-broker.ts';
import { findFreePort } from '../../e2e/fixtures/free-port.ts';
import { interopTarget, startBroker } from '../../e2e/fixtures/interop-target.ts';

export interface TestCluster {
  /** host:port for other tools (kafkajs, producers in tests): PLAINTEXT, no login. */
  bootstrap: string;
  /** The console's environment for this cluster (SAMSA_KAFKA_BOOTSTRAP and, on the built-in broker, its SASL login). */
  consoleEnv: Record<string, string>;
  stop(): Promise<void>;
}

export interface BuiltInTestCluster extends TestCluster {
  broker: BrokerHandle;
}

export const consoleTestUser = 'samsa-console';

export async function startTestCluster(): Promise<TestCluster> {
  const existing = process.env.SAMSA_TEST_KAFKA_BOOTSTRAP;
  if (existing) return { bootstrap: existing, consoleEnv: { SAMSA_KAFKA_BOOTSTRAP: existing }, stop: async () => {} };
  if (interopTarget() === 'built-in') return startBuiltInTestCluster();
  const broker = await startBroker(interopTarget());
  return { bootstrap: broker.bootstrap, consoleEnv: { SAMSA_KAFKA_BOOTSTRAP: broker.bootstrap }, stop: () => broker.stop() };
}

/** Samsa's broker with the console's SASL listener and user, whatever SAMSA_INTEROP_TARGET says. */
export async function startBuiltInTestCluster(): Promise<BuiltInTestCluster> {
  const password = randomBytes(24).toString('base64url');
  const saslPort = await findFreePort();
  const broker = await startBuiltInBroker({
    args: ['--sasl-port', String(saslPort), '--sasl-user', `${consoleTestUser}=${password}`, '--group-initial-rebalance-delay-ms', '0'],
  });
  return {
    broker,
    bootstrap: broker.bootstrap,
    consoleEnv: {
      SAMSA_KAFKA_BOOTSTRAP: `127.0.0.1:${saslPort}`,
      SAMSA_KAFKA_CLIENT_BOOTSTRAP: broker.bootstrap,
      SAMSA_KAFKA_SASL_USERNAME: consoleTestUser,
      SAMSA_KAFKA_SASL_PASSWORD: password,
      SAMSA_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    },
    stop: () => broker.stop(),
  };
}
