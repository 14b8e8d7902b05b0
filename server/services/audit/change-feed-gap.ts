// A gap in the built-in broker's change feed: changes removed from __samsa_admin_changes (retention, a
// broker whose log was cut) before the console recorded them. Which changes they were can no longer be
// known, so the gap itself is audited (offsets and time) and /api/health shows the latest one for a day.
import { and, desc, eq, gte } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { auditLog } from '../../db/schema/index.ts';
import type { AuditAction } from '../../../domain/audit-actions.ts';

export const changeFeedGapAction = 'audit.detectGap' satisfies AuditAction;
/** actor_role of records the console writes on its own behalf, not for a user or another tool. */
export const systemActorRole = 'system';
const gapActorName = 'broker change recorder';
/** How long /api/health keeps showing a gap. */
export const feedGapShownForMs = 24 * 60 * 60 * 1000;

export interface ChangeFeedGap {
  clusterId: string;
  topic: string;
  /** The first and last offset removed before they were recorded. */
  fromOffset: bigint;
  toOffset: bigint;
  detectedAt: Date;
}

export interface ChangeFeedGapSummary {
  fromOffset: string;
  toOffset: string;
  lostCount: string;
  detectedAt: string;
}

export async function appendChangeFeedGap(writer: Pick<Database, 'insert'>, gap: ChangeFeedGap): Promise<void> {
  await writer.insert(auditLog).values({
    occurredAt: gap.detectedAt,
    actorUserId: null,
    actorName: gapActorName,
    actorRole: systemActorRole,
    action: changeFeedGapAction,
    clusterId: gap.clusterId,
    resourceType: 'topic',
    resourceName: gap.topic,
    parameters: summarize(gap),
    outcome: 'succeeded',
    completedAt: gap.detectedAt,
    requestId: `${gap.topic}@${gap.fromOffset}..${gap.toOffset}`,
  });
}

/** The latest gap audited for this cluster since `sinceMs`, or null. */
export async function findRecentChangeFeedGap(
  db: Pick<Database, 'select'>,
  clusterId: string,
  sinceMs: number,
): Promise<ChangeFeedGapSummary | null> {
  const [row] = await db
    .select({ parameters: auditLog.parameters })
    .from(auditLog)
    .where(and(eq(auditLog.action, changeFeedGapAction), eq(auditLog.clusterId, clusterId), gte(auditLog.occurredAt, new Date(sinceMs))))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(1);
  return (row?.parameters as ChangeFeedGapSummary | undefined) ?? null;
}

function summarize(gap: ChangeFeedGap): ChangeFeedGapSummary {
  return {
    fromOffset: gap.fromOffset.toString(),
    toOffset: gap.toOffset.toString(),
    lostCount: (gap.toOffset - gap.fromOffset + 1n).toString(),
    detectedAt: gap.detectedAt.toISOString(),
  };
}
