'use client';
// Retention in plain words: what is kept (time and size limits, which comes first), how old the oldest
// record is now, and the bytes on disk against retention.bytes x partitions.
import { describeAge, describeWithUnit, durationUnits, sizeUnits } from '../../../../components/config-units.ts';
import { formatBytes } from '../../../../components/format-bytes.ts';

interface Props {
  values: Map<string, string | null>;
  partitions: number;
  sizeBytes: number | null;
  oldestRecordTimestampMs: number | null;
}

export function RetentionPanel({ values, partitions, sizeBytes, oldestRecordTimestampMs }: Props) {
  const policy = values.get('cleanup.policy') ?? 'delete';
  const deletes = policy.includes('delete');
  const compacts = policy.includes('compact');
  const retentionMs = values.get('retention.ms') ?? null;
  const retentionBytes = values.get('retention.bytes') ?? null;
  const timeLimited = retentionMs !== null && retentionMs !== '-1';
  const sizeLimited = retentionBytes !== null && retentionBytes !== '-1';
  const budgetBytes = sizeLimited ? Number(retentionBytes) * partitions : null;
  const lines: string[] = [];
  if (deletes) {
    if (timeLimited && sizeLimited) {
      lines.push(
        `Records are deleted when they are older than ${describeWithUnit(retentionMs, durationUnits)}, or earlier when a partition grows beyond ${describeWithUnit(retentionBytes, sizeUnits)}: whichever limit is reached first.`,
      );
    } else if (timeLimited) {
      lines.push(`Records are deleted when they are older than ${describeWithUnit(retentionMs, durationUnits)}. There is no size limit.`);
    } else if (sizeLimited) {
      lines.push(`Records are kept regardless of age; each partition is cut back to ${describeWithUnit(retentionBytes, sizeUnits)}.`);
    } else {
      lines.push('Records are kept forever: there is neither a time nor a size limit.');
    }
    lines.push(
      `Deletion removes whole closed segments (a new segment starts every ${describeWithUnit(values.get('segment.ms') ?? null, durationUnits)} or ${describeWithUnit(values.get('segment.bytes') ?? null, sizeUnits)}), so records can outlive the limit by up to one segment.`,
    );
  }
  if (compacts) {
    lines.push(
      `Compaction keeps the latest record per key; older values become removable after ${describeWithUnit(values.get('min.compaction.lag.ms') ?? '0', durationUnits)}, and deletion markers (tombstones) stay ${describeWithUnit(values.get('delete.retention.ms') ?? null, durationUnits)}.`,
    );
  }
  return (
    <section className="panel" aria-label="Retention" data-testid="retention-panel">
      <h2 style={{ marginTop: 0 }}>What is kept</h2>
      {lines.map((line) => (
        <p key={line} style={{ margin: '4px 0' }}>
          {line}
        </p>
      ))}
      <p style={{ margin: '8px 0 0' }}>
        {oldestRecordTimestampMs === null
          ? 'The topic holds no records now.'
          : `The oldest record still kept is ${describeAge(Date.now() - oldestRecordTimestampMs)} old.`}{' '}
        {sizeBytes === null
          ? 'The cluster does not report sizes on disk.'
          : budgetBytes === null
            ? `On disk: ${formatBytes(sizeBytes)} (one copy of each partition).`
            : `On disk: ${formatBytes(sizeBytes)} of at most ${formatBytes(budgetBytes)} (retention.bytes × ${partitions} partition${partitions === 1 ? '' : 's'}, one copy).`}
      </p>
    </section>
  );
}
