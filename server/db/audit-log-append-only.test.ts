import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog } from './schema/index.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../test-support/test-database.ts';

/** drizzle wraps the driver's error; the trigger's message is on the cause. */
function refusedAsAppendOnly(error: unknown): boolean {
  const cause = (error as { cause?: { message?: string } }).cause;
  return /audit_log is append-only/.test(cause?.message ?? String(error));
}

describe.each(databaseKinds)('audit_log on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  async function insertPending(resourceName: string): Promise<number> {
    const [row] = await database.db
      .insert(auditLog)
      .values({ actorName: 'alice', actorRole: 'admin', action: 'topic.create', resourceType: 'topic', resourceName })
      .returning({ id: auditLog.id });
    return row.id;
  }

  it('allows completing a pending record once', async () => {
    const id = await insertPending('orders');
    await database.db
      .update(auditLog)
      .set({ outcome: 'succeeded', after: { partitions: 3 }, completedAt: new Date() })
      .where(eq(auditLog.id, id));
    const [row] = await database.db.select().from(auditLog).where(eq(auditLog.id, id));
    expect(row.outcome).toBe('succeeded');
    expect(row.after).toEqual({ partitions: 3 });
  });

  it('refuses a second completion of the same record', async () => {
    const id = await insertPending('payments');
    await database.db.update(auditLog).set({ outcome: 'failed', error: 'boom', completedAt: new Date() }).where(eq(auditLog.id, id));
    await expect(
      database.db.update(auditLog).set({ outcome: 'succeeded', completedAt: new Date() }).where(eq(auditLog.id, id)),
    ).rejects.toSatisfy(refusedAsAppendOnly);
  });

  it('refuses rewriting who made a change even while the record is pending', async () => {
    const id = await insertPending('invoices');
    await expect(
      database.db.update(auditLog).set({ actorName: 'mallory', outcome: 'succeeded', completedAt: new Date() }).where(eq(auditLog.id, id)),
    ).rejects.toSatisfy(refusedAsAppendOnly);
  });

  it('refuses deleting and truncating records', async () => {
    const id = await insertPending('refunds');
    await expect(database.db.delete(auditLog).where(eq(auditLog.id, id))).rejects.toSatisfy(refusedAsAppendOnly);
    await expect(database.db.execute(sql`TRUNCATE audit_log`)).rejects.toSatisfy(refusedAsAppendOnly);
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.id, id));
    expect(rows).toHaveLength(1);
  });
});
