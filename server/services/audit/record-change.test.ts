import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.ts';
import { openDatabase } from '../../db/database.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import { databaseKinds } from '../../test-support/test-database.ts';
import type { Actor } from '../service-context.ts';
import { AuditUnavailableError } from '../service-error.ts';
import { auditRecordsToCsv } from './audit-records-to-csv.ts';
import { recordChange } from './record-change.ts';

describe.each(databaseKinds)('recordChange on %s', (kind) => {
  let runtime: TestRuntime;
  let actor: Actor;
  beforeAll(async () => {
    runtime = await createTestRuntime(kind);
    actor = await runtime.actorAs('operator');
  });
  afterAll(async () => {
    await runtime?.close();
  });

  const context = () => ({ db: runtime.db, actor, requestId: 'req-1', clientAddress: '192.0.2.7' });

  it('writes the record before the change and completes it with the outcome after', async () => {
    let pendingSeenDuringChange = false;
    const result = await recordChange(
      context(),
      {
        action: 'topic.create',
        clusterId: 'built-in',
        resourceType: 'topic',
        resourceName: 'audited-topic',
        parameters: { partitions: 3 },
      },
      async () => {
        const rows = await runtime.db.select().from(auditLog).where(eq(auditLog.resourceName, 'audited-topic'));
        pendingSeenDuringChange = rows.length === 1 && rows[0].outcome === 'pending';
        return { result: 42, after: { partitions: 3 } };
      },
    );
    expect(result).toBe(42);
    expect(pendingSeenDuringChange).toBe(true);
    const [row] = await runtime.db.select().from(auditLog).where(eq(auditLog.resourceName, 'audited-topic'));
    expect(row).toMatchObject({
      outcome: 'succeeded',
      actorName: actor.username,
      actorRole: 'operator',
      requestId: 'req-1',
      clientAddress: '192.0.2.7',
      after: { partitions: 3 },
    });
    expect(row.completedAt).toBeInstanceOf(Date);
  });

  it('records a failed change with its error and rethrows it', async () => {
    await expect(
      recordChange(context(), { action: 'topic.delete', resourceType: 'topic', resourceName: 'failing-topic' }, async () => {
        throw new Error('UNKNOWN_TOPIC_OR_PARTITION');
      }),
    ).rejects.toThrow('UNKNOWN_TOPIC_OR_PARTITION');
    const [row] = await runtime.db.select().from(auditLog).where(eq(auditLog.resourceName, 'failing-topic'));
    expect(row.outcome).toBe('failed');
    expect(row.error).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('refuses the change and never performs it when the record cannot be written', async () => {
    const broken = await openDatabase({ databaseUrl: undefined, dataDir: 'memory' }); // no migrations: no audit_log table
    let performed = false;
    const attempt = recordChange(
      { ...context(), db: broken.db },
      { action: 'topic.create', resourceType: 'topic', resourceName: 'never' },
      async () => {
        performed = true;
        return { result: undefined };
      },
    );
    await expect(attempt).rejects.toBeInstanceOf(AuditUnavailableError);
    await expect(attempt).rejects.toThrow(/audit log could not be written.*Nothing was changed/);
    expect(performed).toBe(false);
    await broken.close();
  });

  it('exports records as CSV with quoting and without formula injection', async () => {
    await recordChange(context(), { action: 'team.create', resourceType: 'team', resourceName: '=HYPERLINK("x"),evil' }, async () => ({
      result: undefined,
    }));
    const rows = await runtime.db.select().from(auditLog).where(eq(auditLog.action, 'team.create'));
    const csv = auditRecordsToCsv(rows);
    const [header, line] = csv.trim().split('\r\n');
    expect(header.split(',')).toContain('client_address');
    expect(line).toContain(`"'=HYPERLINK(""x""),evil"`);
  });

  it('bounds what one record stores: a 5 MB parameter becomes a marker with its size and a preview', async () => {
    const huge = { configs: { 'retention.ms': 'x'.repeat(5 * 1024 * 1024) } };
    await recordChange(
      context(),
      { action: 'topic.alterConfigs', resourceType: 'topic', resourceName: 'n'.repeat(10_000), parameters: huge },
      async () => {
        throw new Error('e'.repeat(100_000));
      },
    ).catch(() => undefined);
    const [row] = await runtime.db.select().from(auditLog).where(eq(auditLog.action, 'topic.alterConfigs'));
    expect(row.parameters).toMatchObject({ truncated: true, originalBytes: expect.any(Number) });
    expect((row.parameters as { originalBytes: number }).originalBytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(JSON.stringify(row).length).toBeLessThan(10_000);
    expect(row.resourceName.length).toBeLessThanOrEqual(2000);
    expect(row.error!.length).toBeLessThanOrEqual(2000);
  });
});
