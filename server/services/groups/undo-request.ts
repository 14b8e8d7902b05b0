// An undo of an offset reset, read from its audit record: the previous offsets become a per-partition offset
// target over exactly the partitions that were reset (clamped to today's bounds, as any reset).
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../../db/schema/index.ts';
import type { ServiceContext } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';
import type { AuditedOffset } from './commit-reset-plan.ts';
import type { ResetRequest } from './reset-request.ts';

export const UndoRequest = z.object({ auditRecordId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export async function undoAsResetRequest(
  ctx: Pick<ServiceContext, 'db'>,
  auditRecordId: number,
): Promise<{ request: ResetRequest; skipped: AuditedOffset[] }> {
  const [record] = await ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.id, auditRecordId), inArray(auditLog.action, ['group.resetOffsets', 'group.undoResetOffsets'])));
  if (!record) throw new NotFoundError(`No offset reset with audit record ${auditRecordId}.`);
  if (record.outcome !== 'succeeded')
    throw new ValidationError(
      `Audit record ${auditRecordId} is a reset that did not succeed (${record.outcome}); there is nothing to undo.`,
    );
  const before = (record.before as { offsets?: AuditedOffset[] } | null)?.offsets ?? [];
  // OffsetCommit cannot remove a commit: partitions that had none before keep the reset's offset.
  const restorable = before.filter((entry) => entry.offset !== null);
  if (restorable.length === 0)
    throw new ValidationError(`The group had no committed offsets before reset ${auditRecordId}; there is nothing to restore.`);
  const perPartition = Object.fromEntries(restorable.map((entry) => [`${entry.topic}/${entry.partition}`, entry.offset!]));
  const topics = [...new Set(restorable.map((entry) => entry.topic))];
  // Offsets per partition without a common offset: the plan covers exactly the listed partitions, also when
  // several topics go as scope 'all'.
  const request: ResetRequest = {
    clusterId: record.clusterId ?? 'built-in',
    groupId: record.resourceName,
    target: { kind: 'offset', perPartition },
    scope:
      topics.length === 1
        ? { kind: 'partitions', topic: topics[0], partitions: restorable.map((entry) => entry.partition) }
        : { kind: 'all' },
  };
  return { request, skipped: before.filter((entry) => entry.offset === null) };
}
