// Kafka's topic-level configs (LogConfig / TopicConfig): type, default, broker synonym and validation.
// CreateTopics validates against this table now; DescribeConfigs and the log read it too.

/** Kafka's ConfigDef types; topic configs use the first six. */
export type ConfigType = 'boolean' | 'string' | 'int' | 'long' | 'double' | 'list' | 'short' | 'class' | 'password';

export interface TopicConfigDefinition {
  name: string;
  type: ConfigType;
  /** Kafka's default as it prints it in DescribeConfigs. */
  defaultValue: string;
  /** The broker-level setting that supplies the default (DescribeConfigs synonyms). */
  brokerSynonym: string | null;
  /** Returns an error message, or null when the value is acceptable. */
  validate?: (value: string) => string | null;
}

const LONG_MAX = '9223372036854775807';

const atLeast = (min: number) => (value: string) => (Number(value) >= min ? null : `Value must be at least ${min}`);
const oneOf =
  (...allowed: string[]) =>
  (value: string) =>
    allowed.includes(value) ? null : `String must be one of: ${allowed.join(', ')}`;
const listOf =
  (...allowed: string[]) =>
  (value: string) => {
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    const bad = items.find((item) => !allowed.includes(item));
    return bad === undefined ? null : `Invalid value ${bad}: must be one of ${allowed.join(', ')}`;
  };

const definitions: TopicConfigDefinition[] = [
  {
    name: 'cleanup.policy',
    type: 'list',
    defaultValue: 'delete',
    brokerSynonym: 'log.cleanup.policy',
    validate: listOf('delete', 'compact'),
  },
  {
    name: 'compression.type',
    type: 'string',
    defaultValue: 'producer',
    brokerSynonym: 'compression.type',
    validate: oneOf('uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'),
  },
  { name: 'compression.gzip.level', type: 'int', defaultValue: '-1', brokerSynonym: 'compression.gzip.level' },
  { name: 'compression.lz4.level', type: 'int', defaultValue: '9', brokerSynonym: 'compression.lz4.level' },
  { name: 'compression.zstd.level', type: 'int', defaultValue: '3', brokerSynonym: 'compression.zstd.level' },
  {
    name: 'delete.retention.ms',
    type: 'long',
    defaultValue: '86400000',
    brokerSynonym: 'log.cleaner.delete.retention.ms',
    validate: atLeast(0),
  },
  { name: 'file.delete.delay.ms', type: 'long', defaultValue: '60000', brokerSynonym: 'log.segment.delete.delay.ms', validate: atLeast(0) },
  { name: 'flush.messages', type: 'long', defaultValue: LONG_MAX, brokerSynonym: 'log.flush.interval.messages', validate: atLeast(1) },
  { name: 'flush.ms', type: 'long', defaultValue: LONG_MAX, brokerSynonym: 'log.flush.interval.ms', validate: atLeast(0) },
  { name: 'follower.replication.throttled.replicas', type: 'list', defaultValue: '', brokerSynonym: null },
  { name: 'index.interval.bytes', type: 'int', defaultValue: '4096', brokerSynonym: 'log.index.interval.bytes', validate: atLeast(0) },
  { name: 'leader.replication.throttled.replicas', type: 'list', defaultValue: '', brokerSynonym: null },
  { name: 'local.retention.bytes', type: 'long', defaultValue: '-2', brokerSynonym: 'log.local.retention.bytes', validate: atLeast(-2) },
  { name: 'local.retention.ms', type: 'long', defaultValue: '-2', brokerSynonym: 'log.local.retention.ms', validate: atLeast(-2) },
  {
    name: 'max.compaction.lag.ms',
    type: 'long',
    defaultValue: LONG_MAX,
    brokerSynonym: 'log.cleaner.max.compaction.lag.ms',
    validate: atLeast(1),
  },
  { name: 'max.message.bytes', type: 'int', defaultValue: '1048588', brokerSynonym: 'message.max.bytes', validate: atLeast(0) },
  {
    name: 'message.timestamp.after.max.ms',
    type: 'long',
    defaultValue: LONG_MAX,
    brokerSynonym: 'log.message.timestamp.after.max.ms',
    validate: atLeast(0),
  },
  {
    name: 'message.timestamp.before.max.ms',
    type: 'long',
    defaultValue: LONG_MAX,
    brokerSynonym: 'log.message.timestamp.before.max.ms',
    validate: atLeast(0),
  },
  {
    name: 'message.timestamp.type',
    type: 'string',
    defaultValue: 'CreateTime',
    brokerSynonym: 'log.message.timestamp.type',
    validate: oneOf('CreateTime', 'LogAppendTime'),
  },
  {
    name: 'min.cleanable.dirty.ratio',
    type: 'double',
    defaultValue: '0.5',
    brokerSynonym: 'log.cleaner.min.cleanable.ratio',
    validate: (v) => (Number(v) >= 0 && Number(v) <= 1 ? null : 'Value must be between 0 and 1'),
  },
  {
    name: 'min.compaction.lag.ms',
    type: 'long',
    defaultValue: '0',
    brokerSynonym: 'log.cleaner.min.compaction.lag.ms',
    validate: atLeast(0),
  },
  { name: 'min.insync.replicas', type: 'int', defaultValue: '1', brokerSynonym: 'min.insync.replicas', validate: atLeast(1) },
  { name: 'preallocate', type: 'boolean', defaultValue: 'false', brokerSynonym: 'log.preallocate' },
  { name: 'remote.storage.enable', type: 'boolean', defaultValue: 'false', brokerSynonym: null },
  { name: 'retention.bytes', type: 'long', defaultValue: '-1', brokerSynonym: 'log.retention.bytes' },
  { name: 'retention.ms', type: 'long', defaultValue: '604800000', brokerSynonym: 'log.retention.ms', validate: atLeast(-1) },
  { name: 'segment.bytes', type: 'int', defaultValue: '1073741824', brokerSynonym: 'log.segment.bytes', validate: atLeast(1024 * 1024) },
  { name: 'segment.index.bytes', type: 'int', defaultValue: '10485760', brokerSynonym: 'log.index.size.max.bytes', validate: atLeast(4) },
  { name: 'segment.jitter.ms', type: 'long', defaultValue: '0', brokerSynonym: 'log.roll.jitter.ms', validate: atLeast(0) },
  { name: 'segment.ms', type: 'long', defaultValue: '604800000', brokerSynonym: 'log.roll.ms', validate: atLeast(1) },
  { name: 'unclean.leader.election.enable', type: 'boolean', defaultValue: 'false', brokerSynonym: 'unclean.leader.election.enable' },
];

export const topicConfigDefinitions: ReadonlyMap<string, TopicConfigDefinition> = new Map(
  definitions.map((definition) => [definition.name, definition]),
);

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function checkType(definition: TopicConfigDefinition, value: string): string | null {
  switch (definition.type) {
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'Expected value to be either true or false';
    case 'int':
      return /^-?\d+$/.test(value) && Number(value) >= INT_MIN && Number(value) <= INT_MAX ? null : 'Expected value to be a 32-bit integer';
    case 'long':
      return /^-?\d+$/.test(value) && BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n
        ? null
        : 'Expected value to be a 64-bit integer';
    case 'double':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? null : 'Expected value to be a number';
    default:
      return null;
  }
}

/** Checks a value against a definition's type and rule; returns the problem or null. */
export function checkConfigValue(definition: TopicConfigDefinition, value: string): string | null {
  return checkType(definition, value.trim()) ?? definition.validate?.(value.trim()) ?? null;
}

/** Validates one topic config as Kafka does; returns the INVALID_CONFIG message or null. */
export function validateTopicConfig(name: string, value: string | null): string | null {
  const definition = topicConfigDefinitions.get(name);
  if (definition === undefined) return `Unknown topic config name: ${name}`;
  if (value === null) return `Null value not supported for topic configs: ${name}`;
  const problem = checkConfigValue(definition, value);
  return problem === null ? null : `Invalid value ${value} for configuration ${name}: ${problem}`;
}

/** The effective value of a topic config: topic override, then broker default, then Kafka's default. */
export function effectiveTopicConfig(
  name: string,
  topicConfigs: Readonly<Record<string, string>>,
  brokerDefaults: Readonly<Record<string, string>>,
): string {
  const definition = topicConfigDefinitions.get(name);
  if (definition === undefined) throw new Error(`unknown topic config ${name}`);
  return topicConfigs[name] ?? brokerDefaults[name] ?? definition.defaultValue;
}
