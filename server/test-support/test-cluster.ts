// The cluster integration tests run against: the built-in broker by default (what CI has), a real Apache
// Kafka with SAMSA_INTEROP_TARGET=real-kafka, or an already running one at SAMSA_TEST_KAFKA_BOOTSTRAP.
import { startTargetBroker } from '../../e2e/fixtures/interop-target.ts';

export interface TestCluster {
  bootstrap: string;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const existing = process.env.SAMSA_TEST_KAFKA_BOOTSTRAP;
  if (existing) return { bootstrap: existing, stop: async () => {} };
  const broker = await startTargetBroker();
  return { bootstrap: broker.bootstrap, stop: () => broker.stop() };
}
