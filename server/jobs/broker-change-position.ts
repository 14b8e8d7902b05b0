// Where the broker-change recorder continues: the next offset of the admin-change topic, per cluster.
// Advanced only by compare-and-set inside the transaction that writes the audit rows, so two recorders
// (a dev reload, two console processes) can never both record the same change: the second one's update
// matches no row and its transaction is rolled back.
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { brokerChangePositions } from '../db/schema/index.ts';

export interface BrokerChangePosition {
  topicId: string;
  nextOffset: bigint;
}

type Reader = Pick<Database, 'select'>;
type Writer = Pick<Database, 'insert' | 'update'>;

export async function loadBrokerChangePosition(db: Reader, clusterId: string): Promise<BrokerChangePosition | null> {
  const [row] = await db
    .select({ topicId: brokerChangePositions.topicId, nextOffset: brokerChangePositions.nextOffset })
    .from(brokerChangePositions)
    .where(eq(brokerChangePositions.clusterId, clusterId));
  return row ?? null;
}

/** Moves the position from `expected` (null: none stored yet) to `next`; false if someone else moved it first. */
export async function advanceBrokerChangePosition(
  db: Writer,
  clusterId: string,
  expected: BrokerChangePosition | null,
  next: BrokerChangePosition,
): Promise<boolean> {
  if (expected === null) {
    const inserted = await db
      .insert(brokerChangePositions)
      .values({ clusterId, topicId: next.topicId, nextOffset: next.nextOffset })
      .onConflictDoNothing()
      .returning({ clusterId: brokerChangePositions.clusterId });
    return inserted.length === 1;
  }
  const updated = await db
    .update(brokerChangePositions)
    .set({ topicId: next.topicId, nextOffset: next.nextOffset, updatedAt: new Date() })
    .where(
      and(
        eq(brokerChangePositions.clusterId, clusterId),
        eq(brokerChangePositions.topicId, expected.topicId),
        eq(brokerChangePositions.nextOffset, expected.nextOffset),
      ),
    )
    .returning({ clusterId: brokerChangePositions.clusterId });
  return updated.length === 1;
}
