// Pure offset-reset planning, with the semantics of Kafka's own kafka-consumer-groups.sh --reset-offsets:
// every target is clamped to [logStartOffset, endOffset]; a timestamp past the last record falls back to the
// end offset. Also writes the equivalent command line to copy.

export type ResetTarget =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'timestamp'; timestampMs: number }
  /** The same offset for every partition in scope, or per partition ("topic/partition" -> offset). */
  | { kind: 'offset'; offset?: number; perPartition?: Record<string, number> }
  | { kind: 'shift'; by: number }
  | { kind: 'durationBack'; durationMs: number }
  | { kind: 'group'; groupId: string };

export interface PartitionResetInput {
  topic: string;
  partition: number;
  logStartOffset: number;
  endOffset: number;
  /** null: the group never committed here. */
  currentOffset: number | null;
  /** For timestamp and durationBack: the first offset at or after the time; null when there is none. */
  offsetForTime?: number | null;
  /** For target kind 'group': the other group's committed offset; null when it has none here. */
  otherGroupOffset?: number | null;
}

export interface PartitionResetPlan {
  topic: string;
  partition: number;
  logStartOffset: number;
  endOffset: number;
  currentOffset: number | null;
  newOffset: number;
  /** The target fell outside [logStartOffset, endOffset] and was moved to the nearest bound. */
  clamped: boolean;
  /** Why a target had to be read differently (no commit to shift from, no record after the time...). */
  note: string | null;
  lagBefore: number | null;
  lagAfter: number;
  /** Records the group will read again (moving back), or skip unread (moving forward). */
  recordsReprocessed: number;
  recordsSkipped: number;
}

export function planPartitionReset(input: PartitionResetInput, target: ResetTarget): PartitionResetPlan {
  const { raw, note } = rawTarget(input, target);
  const newOffset = Math.min(Math.max(raw, input.logStartOffset), input.endOffset);
  // Lag before counts from the log start when the commit is below it, as the consumer would resume there.
  const from = input.currentOffset === null ? null : Math.min(Math.max(input.currentOffset, input.logStartOffset), input.endOffset);
  return {
    topic: input.topic,
    partition: input.partition,
    logStartOffset: input.logStartOffset,
    endOffset: input.endOffset,
    currentOffset: input.currentOffset,
    newOffset,
    clamped: newOffset !== raw,
    note,
    lagBefore: from === null ? null : input.endOffset - from,
    lagAfter: input.endOffset - newOffset,
    recordsReprocessed: from !== null && newOffset < from ? from - newOffset : 0,
    recordsSkipped: from !== null && newOffset > from ? newOffset - from : 0,
  };
}

export interface ReprocessingEstimate {
  /** Records the group will read again, over every partition of the plan. */
  recordsReprocessed: number;
  /** The rate the estimate divides by: the last the console saw the group consume at; null when never seen. */
  consumedPerSecond: number | null;
  /** When that rate was measured. */
  rateMeasuredAtMs: number | null;
  /** Roughly how long the group takes to read the reprocessed records again at that rate. */
  estimatedMs: number | null;
}

/** Reprocessing time from the group's consumption rate (records only: new arrivals are not counted). */
export function estimateReprocessing(
  partitions: Pick<PartitionResetPlan, 'recordsReprocessed'>[],
  rate: { consumedPerSecond: number; measuredAtMs: number } | null,
): ReprocessingEstimate {
  const recordsReprocessed = partitions.reduce((sum, p) => sum + p.recordsReprocessed, 0);
  if (!rate || rate.consumedPerSecond <= 0)
    return { recordsReprocessed, consumedPerSecond: null, rateMeasuredAtMs: null, estimatedMs: recordsReprocessed === 0 ? 0 : null };
  return {
    recordsReprocessed,
    consumedPerSecond: rate.consumedPerSecond,
    rateMeasuredAtMs: rate.measuredAtMs,
    estimatedMs: Math.round((recordsReprocessed / rate.consumedPerSecond) * 1000),
  };
}

function rawTarget(input: PartitionResetInput, target: ResetTarget): { raw: number; note: string | null } {
  switch (target.kind) {
    case 'earliest':
      return { raw: input.logStartOffset, note: null };
    case 'latest':
      return { raw: input.endOffset, note: null };
    case 'timestamp':
    case 'durationBack':
      // Kafka's tool: no record at or after the time means the end offset.
      if (input.offsetForTime === null || input.offsetForTime === undefined)
        return { raw: input.endOffset, note: 'no record at or after the time: the end offset' };
      return { raw: input.offsetForTime, note: null };
    case 'offset': {
      const own = target.perPartition?.[`${input.topic}/${input.partition}`] ?? target.offset;
      // The service only plans listed partitions when there is no common offset; unchanged otherwise.
      if (own === undefined) return { raw: input.currentOffset ?? input.endOffset, note: 'no offset given: unchanged' };
      return { raw: own, note: null };
    }
    case 'shift':
      // Kafka's tool shifts from the committed offset and refuses partitions without one; so does the service.
      if (input.currentOffset === null) throw new Error(`No committed offset to shift from on ${input.topic}/${input.partition}`);
      return { raw: input.currentOffset + target.by, note: null };
    case 'group':
      if (input.otherGroupOffset === null || input.otherGroupOffset === undefined) {
        return {
          raw: input.currentOffset ?? input.endOffset,
          note: `group ${target.groupId} has no committed offset here: ${input.currentOffset === null ? 'the end offset' : 'unchanged'}`,
        };
      }
      return { raw: input.otherGroupOffset, note: null };
  }
}

/** The equivalent kafka-consumer-groups.sh command line (dry run), for copying. */
export function resetCommandLine(options: {
  bootstrapServers: string;
  groupId: string;
  target: ResetTarget;
  scope: { topic: string; partitions?: number[] } | 'all';
}): string {
  const { target } = options;
  const parts = [
    'kafka-consumer-groups.sh',
    '--bootstrap-server',
    shellQuote(options.bootstrapServers),
    '--group',
    shellQuote(options.groupId),
    '--reset-offsets',
  ];
  switch (target.kind) {
    case 'earliest':
      parts.push('--to-earliest');
      break;
    case 'latest':
      parts.push('--to-latest');
      break;
    case 'timestamp':
      // The tool parses yyyy-MM-ddTHH:mm:SS.sss with an optional zone; UTC, written out.
      parts.push('--to-datetime', new Date(target.timestampMs).toISOString().replace('Z', '+00:00'));
      break;
    case 'offset':
      if (target.perPartition && Object.keys(target.perPartition).length > 0) parts.push('--from-file', 'offsets.csv');
      else parts.push('--to-offset', String(target.offset));
      break;
    case 'shift':
      parts.push('--shift-by', String(target.by));
      break;
    case 'durationBack':
      parts.push('--by-duration', isoDuration(target.durationMs));
      break;
    case 'group':
      // The tool has no "from another group" target; the other group's offsets go through a file.
      parts.push('--from-file', 'offsets.csv');
      break;
  }
  if (options.scope === 'all') parts.push('--all-topics');
  else
    parts.push(
      '--topic',
      shellQuote(options.scope.partitions?.length ? `${options.scope.topic}:${options.scope.partitions.join(',')}` : options.scope.topic),
    );
  parts.push('--dry-run');
  return parts.join(' ');
}

function isoDuration(durationMs: number): string {
  const totalSeconds = Math.round(durationMs / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `P${days ? `${days}D` : ''}T${hours}H${minutes}M${seconds}S`;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9._:,=/@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
