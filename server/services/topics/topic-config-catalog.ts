// What the console knows about each topic config: its group, how to edit it (duration, size, enum, boolean,
// number), Kafka's limits, and one line of explanation in our words. Sent to the browser (app/ may not import
// server code), used by the create form, the configs page and the server-side checks. The cluster has the
// last word: every change is also checked by the cluster with validate_only before it is made.

export type ConfigGroup = 'retention' | 'cleanup' | 'messages' | 'replication' | 'other';
export const configGroupOrder: ConfigGroup[] = ['retention', 'cleanup', 'messages', 'replication', 'other'];

export type ConfigKind =
  | { kind: 'duration'; minMs: number; maxMs: string; specials?: Record<string, string> }
  | { kind: 'size'; minBytes: number; maxBytes: string; specials?: Record<string, string> }
  | { kind: 'enum'; options: string[]; multiple?: boolean }
  | { kind: 'boolean' }
  | { kind: 'number'; min: number; max: string; integer: boolean }
  | { kind: 'text' };

export interface ConfigCatalogEntry {
  name: string;
  group: ConfigGroup;
  explanation: string;
  edit: ConfigKind;
}

const LONG_MAX = '9223372036854775807';
const INT_MAX = '2147483647';

const entries: ConfigCatalogEntry[] = [
  // Retention: what is kept, and for how long.
  {
    name: 'retention.ms',
    group: 'retention',
    explanation: 'How long a record is kept before its segment may be deleted; -1 keeps records forever.',
    edit: { kind: 'duration', minMs: -1, maxMs: LONG_MAX, specials: { '-1': 'forever' } },
  },
  {
    name: 'retention.bytes',
    group: 'retention',
    explanation: 'Largest size of each partition before its oldest segments are deleted; -1 means no size limit.',
    edit: { kind: 'size', minBytes: -1, maxBytes: LONG_MAX, specials: { '-1': 'no limit' } },
  },
  {
    name: 'segment.ms',
    group: 'retention',
    explanation: 'A new segment is started at least this often; retention and compaction only act on closed segments.',
    edit: { kind: 'duration', minMs: 1, maxMs: LONG_MAX },
  },
  {
    name: 'segment.bytes',
    group: 'retention',
    explanation: 'Size at which a segment is closed and a new one started (Kafka requires at least 1 MiB).',
    edit: { kind: 'size', minBytes: 1_048_576, maxBytes: INT_MAX },
  },
  {
    name: 'segment.jitter.ms',
    group: 'retention',
    explanation: 'Random delay subtracted from segment.ms so partitions do not all roll at once.',
    edit: { kind: 'duration', minMs: 0, maxMs: LONG_MAX },
  },
  {
    name: 'local.retention.ms',
    group: 'retention',
    explanation: 'With tiered storage: how long records stay on local disk; -2 follows retention.ms.',
    edit: { kind: 'duration', minMs: -2, maxMs: LONG_MAX, specials: { '-2': 'same as retention.ms', '-1': 'forever' } },
  },
  {
    name: 'local.retention.bytes',
    group: 'retention',
    explanation: 'With tiered storage: bytes per partition kept on local disk; -2 follows retention.bytes.',
    edit: { kind: 'size', minBytes: -2, maxBytes: LONG_MAX, specials: { '-2': 'same as retention.bytes', '-1': 'no limit' } },
  },
  {
    name: 'file.delete.delay.ms',
    group: 'retention',
    explanation: 'How long a deleted segment file lingers on disk before it is removed.',
    edit: { kind: 'duration', minMs: 0, maxMs: LONG_MAX },
  },
  // Cleanup and compaction.
  {
    name: 'cleanup.policy',
    group: 'cleanup',
    explanation: 'delete removes old segments by time or size; compact keeps the latest record per key; both do both.',
    edit: { kind: 'enum', options: ['delete', 'compact', 'compact,delete'], multiple: true },
  },
  {
    name: 'min.compaction.lag.ms',
    group: 'cleanup',
    explanation: 'A record stays uncompacted at least this long, so consumers can see every update for a while.',
    edit: { kind: 'duration', minMs: 0, maxMs: LONG_MAX },
  },
  {
    name: 'max.compaction.lag.ms',
    group: 'cleanup',
    explanation: 'A record becomes eligible for compaction at the latest after this long.',
    edit: { kind: 'duration', minMs: 1, maxMs: LONG_MAX },
  },
  {
    name: 'min.cleanable.dirty.ratio',
    group: 'cleanup',
    explanation: 'Share of a log not yet compacted (0 to 1) that triggers the cleaner; lower compacts more often.',
    edit: { kind: 'number', min: 0, max: '1', integer: false },
  },
  {
    name: 'delete.retention.ms',
    group: 'cleanup',
    explanation: 'How long a tombstone (a record with a null value) is kept in a compacted topic.',
    edit: { kind: 'duration', minMs: 0, maxMs: LONG_MAX },
  },
  // Messages.
  {
    name: 'max.message.bytes',
    group: 'messages',
    explanation: 'Largest record batch the topic accepts (after compression).',
    edit: { kind: 'size', minBytes: 0, maxBytes: INT_MAX },
  },
  {
    name: 'compression.type',
    group: 'messages',
    explanation: 'Compression stored on disk; producer keeps whatever the producer sent.',
    edit: { kind: 'enum', options: ['producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'] },
  },
  {
    name: 'compression.gzip.level',
    group: 'messages',
    explanation: 'gzip level when the broker recompresses (1-9, -1 for the default).',
    edit: { kind: 'number', min: -1, max: '9', integer: true },
  },
  {
    name: 'compression.lz4.level',
    group: 'messages',
    explanation: 'lz4 level when the broker recompresses (1-17).',
    edit: { kind: 'number', min: 1, max: '17', integer: true },
  },
  {
    name: 'compression.zstd.level',
    group: 'messages',
    explanation: 'zstd level when the broker recompresses (-131072 to 22).',
    edit: { kind: 'number', min: -131072, max: '22', integer: true },
  },
  {
    name: 'message.timestamp.type',
    group: 'messages',
    explanation: 'CreateTime keeps the producer’s timestamp; LogAppendTime stamps records when the broker appends them.',
    edit: { kind: 'enum', options: ['CreateTime', 'LogAppendTime'] },
  },
  {
    name: 'message.timestamp.before.max.ms',
    group: 'messages',
    explanation: 'Refuse records whose timestamp is more than this far in the past (CreateTime only).',
    edit: { kind: 'duration', minMs: 0, maxMs: LONG_MAX },
  },
  {
    name: 'message.timestamp.after.max.ms',
    group: 'messages',
    explanation: 'Refuse records whose timestamp is more than this far in the future (CreateTime only).',
    edit: { kind: 'duration', minMs: 0, maxMs: LONG_MAX },
  },
  // Replication.
  {
    name: 'min.insync.replicas',
    group: 'replication',
    explanation: 'With acks=all, a write succeeds only when at least this many replicas have it.',
    edit: { kind: 'number', min: 1, max: INT_MAX, integer: true },
  },
  {
    name: 'unclean.leader.election.enable',
    group: 'replication',
    explanation: 'Let an out-of-sync replica become leader when no in-sync one is left: available again, but records may be lost.',
    edit: { kind: 'boolean' },
  },
  {
    name: 'leader.replication.throttled.replicas',
    group: 'replication',
    explanation: 'Replicas whose leader-side replication is throttled (partition:broker pairs, or *).',
    edit: { kind: 'text' },
  },
  {
    name: 'follower.replication.throttled.replicas',
    group: 'replication',
    explanation: 'Replicas whose follower-side replication is throttled (partition:broker pairs, or *).',
    edit: { kind: 'text' },
  },
  // Other.
  {
    name: 'flush.messages',
    group: 'other',
    explanation: 'Force an fsync after this many records; normally left to the OS and replication.',
    edit: { kind: 'number', min: 1, max: LONG_MAX, integer: true },
  },
  {
    name: 'flush.ms',
    group: 'other',
    explanation: 'Force an fsync at least this often; normally left to the OS and replication.',
    edit: { kind: 'duration', minMs: 0, maxMs: LONG_MAX },
  },
  {
    name: 'index.interval.bytes',
    group: 'other',
    explanation: 'How many bytes of records between two offset-index entries.',
    edit: { kind: 'size', minBytes: 0, maxBytes: INT_MAX },
  },
  {
    name: 'segment.index.bytes',
    group: 'other',
    explanation: 'Size of each segment’s offset index file.',
    edit: { kind: 'size', minBytes: 4, maxBytes: INT_MAX },
  },
  {
    name: 'preallocate',
    group: 'other',
    explanation: 'Preallocate segment files on disk when they are created.',
    edit: { kind: 'boolean' },
  },
  {
    name: 'remote.storage.enable',
    group: 'other',
    explanation: 'Move closed segments to tiered (remote) storage, if the cluster has it.',
    edit: { kind: 'boolean' },
  },
  {
    name: 'remote.log.copy.disable',
    group: 'other',
    explanation: 'With tiered storage: stop copying new segments to remote storage.',
    edit: { kind: 'boolean' },
  },
  {
    name: 'remote.log.delete.on.disable',
    group: 'other',
    explanation: 'With tiered storage: delete remote data when tiering is turned off.',
    edit: { kind: 'boolean' },
  },
];

export const topicConfigCatalog: ReadonlyMap<string, ConfigCatalogEntry> = new Map(entries.map((entry) => [entry.name, entry]));

/** The longest config value the console sends (Kafka's values are numbers, names and replica lists). */
export const MAX_CONFIG_VALUE_LENGTH = 10_000;

/**
 * Configs the cluster reports that this catalog does not know still show, in "other", read-only: the console
 * sends only the Kafka topic configs it knows (unknownConfigMessage), so a typo never becomes a stored config.
 */
export function catalogEntryFor(name: string): ConfigCatalogEntry {
  return (
    topicConfigCatalog.get(name) ?? {
      name,
      group: 'other',
      explanation: 'A config this console does not know, so it does not change it; see the cluster’s documentation and tools.',
      edit: { kind: 'text' },
    }
  );
}

/** Why the console will not send a config of this name, naming it (and the known name it is closest to), or null. */
export function unknownConfigMessage(name: string): string | null {
  if (topicConfigCatalog.has(name)) return null;
  const closest = entries.find((entry) => editDistanceAtMost(entry.name, name, 2));
  return `“${name}” is not a Kafka topic config the console knows${closest ? ` (did you mean ${closest.name}?)` : ''}; it sends only the configs listed in the form.`;
}

/** Whether a can be turned into b by at most `limit` single-character edits (Levenshtein, banded). */
function editDistanceAtMost(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...current) > limit) return false;
    previous = current;
  }
  return previous[b.length] <= limit;
}

export function listConfigCatalog(): ConfigCatalogEntry[] {
  return entries;
}

/**
 * Checks a value against the kind's limits before the cluster sees it (the cluster's check follows).
 * Returns the problem in words, or null.
 */
export function checkConfigValue(entry: ConfigCatalogEntry, value: string): string | null {
  const edit = entry.edit;
  const trimmed = value.trim();
  switch (edit.kind) {
    case 'duration':
      return checkInteger(trimmed, BigInt(edit.minMs), BigInt(edit.maxMs), 'milliseconds');
    case 'size':
      return checkInteger(trimmed, BigInt(edit.minBytes), BigInt(edit.maxBytes), 'bytes');
    case 'number':
      if (edit.integer) return checkInteger(trimmed, BigInt(edit.min), BigInt(edit.max), '');
      return trimmed !== '' && Number.isFinite(Number(trimmed)) && Number(trimmed) >= edit.min && Number(trimmed) <= Number(edit.max)
        ? null
        : `must be a number from ${edit.min} to ${edit.max}`;
    case 'boolean':
      return trimmed === 'true' || trimmed === 'false' ? null : 'must be true or false';
    case 'enum': {
      const items = edit.multiple ? trimmed.split(',').map((item) => item.trim()) : [trimmed];
      const allowed = edit.multiple ? edit.options.flatMap((option) => option.split(',')) : edit.options;
      const bad = items.find((item) => !allowed.includes(item));
      return bad === undefined ? null : `“${bad}” is not one of ${edit.options.join(', ')}`;
    }
    case 'text':
      return null;
  }
}

function checkInteger(value: string, min: bigint, max: bigint, unit: string): string | null {
  if (!/^-?\d{1,20}$/.test(value)) return `must be a whole number${unit ? ` of ${unit}` : ''}`;
  const number = BigInt(value);
  if (number < min || number > max) return `must be from ${min} to ${max}${unit ? ` ${unit}` : ''}`;
  return null;
}
