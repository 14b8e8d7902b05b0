import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import { checkHealth } from './check-health.ts';

describe('checkHealth', () => {
  let cluster: TestCluster;
  let healthy: TestRuntime;
  let brokerless: TestRuntime;
  beforeAll(async () => {
    cluster = await startTestCluster();
    healthy = await createTestRuntime('pglite', { kafkaBootstrap: cluster.bootstrap });
    brokerless = await createTestRuntime('pglite', { kafkaBootstrap: '127.0.0.1:1' });
  });
  afterAll(async () => {
    await healthy?.close();
    await brokerless?.close();
    await cluster?.stop();
  });

  it('reports the database and the broker as up', async () => {
    const health = await checkHealth(healthy);
    expect(health).toMatchObject({ ok: true, database: { ok: true, kind: 'pglite' }, broker: { ok: true, bootstrap: cluster.bootstrap } });
  });

  it('reports an unreachable broker with its error while the database stays up', async () => {
    const health = await checkHealth(brokerless);
    expect(health.ok).toBe(false);
    expect(health.database.ok).toBe(true);
    expect(health.broker.ok).toBe(false);
    expect(health.broker.detail).toMatch(/Cannot list topics/);
  });
});
