import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusters } from '../../db/schema/index.ts';
import { databaseKinds } from '../../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';

describe.each(databaseKinds)('external clusters in %s', (kind) => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createTestRuntime(kind);
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('stores the SASL password encrypted and never returns or audits it', async () => {
    const admin = await runtime.callerAs('admin');
    const { id } = await admin.clusters.create({
      name: 'production',
      bootstrapServers: 'kafka-1.example:9093, kafka-2.example:9093',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'samsa', password: 'very-secret-password' },
      tls: { rejectUnauthorized: true },
    });
    const [row] = await runtime.db.select().from(clusters).where(eq(clusters.id, id));
    expect(row.saslPasswordEncrypted).not.toContain('very-secret-password');
    expect(runtime.secretBox.open(row.saslPasswordEncrypted!)).toBe('very-secret-password');
    const listed = await admin.clusters.list();
    expect(listed.map((cluster) => cluster.name)).toEqual(['Built-in broker', 'production']);
    expect(JSON.stringify(listed)).not.toContain('very-secret');
    const audit = await admin.audit.list({ action: 'cluster.create' });
    expect(audit.rows[0].outcome).toBe('succeeded');
    expect(JSON.stringify(audit.rows)).not.toContain('very-secret');
  });

  it('refuses removing the built-in cluster and audits removing an external one', async () => {
    const admin = await runtime.callerAs('admin');
    await expect(admin.clusters.delete({ clusterId: 'built-in' })).rejects.toThrow(/cannot be removed/);
    const { id } = await admin.clusters.create({ name: 'staging', bootstrapServers: 'staging:9092' });
    await admin.clusters.delete({ clusterId: id });
    expect((await admin.clusters.list()).map((cluster) => cluster.id)).not.toContain(id);
    const audit = await admin.audit.list({ action: 'cluster.delete', resource: 'staging' });
    expect(audit.rows[0]).toMatchObject({ outcome: 'succeeded', before: { bootstrapServers: 'staging:9092' } });
  });

  it('rejects a bootstrap list that is not host:port', async () => {
    const admin = await runtime.callerAs('admin');
    await expect(admin.clusters.create({ name: 'bad', bootstrapServers: 'http://kafka' })).rejects.toThrow(/host:port/);
  });
});
