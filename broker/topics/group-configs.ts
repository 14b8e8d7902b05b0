// Configs of the GROUP resource (DescribeConfigs / IncrementalAlterConfigs / AlterConfigs resource type 32):
// consumer.session.timeout.ms, consumer.heartbeat.interval.ms and the other group configs of Kafka's
// GroupConfig, validated as Kafka does (unknown names, types and validators, then the broker's min/max
// bounds, all INVALID_CONFIG) and described with the broker synonym supplying the default. KIP-848
// consumer groups use consumer.session.timeout.ms and consumer.heartbeat.interval.ms; the others tune share
// and streams groups, which this broker does not run: they are stored and described so tools and the console
// see what Kafka shows. Classic groups ignore them all, as in Kafka.

import { ErrorCode } from '../protocol/error-codes.ts';
import { duplicateName, requestedConfigSet, type ConfigChangeError, type IncrementalOperation } from './alter-topic-configs.ts';
import { ConfigSource, type DescribedConfig } from './describe-topic-configs.ts';
import { checkKafkaConfigValue, GROUP_CONFIG_BOUNDS, groupConfigDefinitions } from './kafka-config-definitions.ts';

export type GroupConfigChangeResult = { configs: Record<string, string> } | ConfigChangeError;

const OPERATION_NAMES = ['SET', 'DELETE', 'APPEND', 'SUBTRACT'];
const [SET, DELETE] = [0, 1];

/** Each bounded group config with the broker configs holding its lower and upper bound (GroupConfig.validate). */
const BOUNDS: ReadonlyArray<[string, string | null, string | null]> = [
  ['consumer.heartbeat.interval.ms', 'group.consumer.min.heartbeat.interval.ms', 'group.consumer.max.heartbeat.interval.ms'],
  ['consumer.session.timeout.ms', 'group.consumer.min.session.timeout.ms', 'group.consumer.max.session.timeout.ms'],
  ['consumer.assignment.interval.ms', 'group.consumer.min.assignment.interval.ms', 'group.consumer.max.assignment.interval.ms'],
  ['share.heartbeat.interval.ms', 'group.share.min.heartbeat.interval.ms', 'group.share.max.heartbeat.interval.ms'],
  ['share.session.timeout.ms', 'group.share.min.session.timeout.ms', 'group.share.max.session.timeout.ms'],
  ['share.record.lock.duration.ms', 'group.share.min.record.lock.duration.ms', 'group.share.max.record.lock.duration.ms'],
  ['share.delivery.count.limit', 'group.share.min.delivery.count.limit', 'group.share.max.delivery.count.limit'],
  ['share.partition.max.record.locks', 'group.share.min.partition.max.record.locks', 'group.share.max.partition.max.record.locks'],
  ['share.assignment.interval.ms', 'group.share.min.assignment.interval.ms', 'group.share.max.assignment.interval.ms'],
  ['streams.heartbeat.interval.ms', 'group.streams.min.heartbeat.interval.ms', 'group.streams.max.heartbeat.interval.ms'],
  ['streams.session.timeout.ms', 'group.streams.min.session.timeout.ms', 'group.streams.max.session.timeout.ms'],
  ['streams.num.standby.replicas', null, 'group.streams.max.standby.replicas'],
  ['streams.assignment.interval.ms', 'group.streams.min.assignment.interval.ms', 'group.streams.max.assignment.interval.ms'],
];

const invalid = (message: string): ConfigChangeError => ({ errorCode: ErrorCode.INVALID_CONFIG, message });

/** Kafka refuses the default group resource (an empty name). */
export function checkGroupResourceName(groupId: string): ConfigChangeError | null {
  return groupId === '' ? { errorCode: ErrorCode.INVALID_REQUEST, message: 'Default group resources are not allowed.' } : null;
}

/** Validates a group's complete configs as Kafka's GroupConfig.validate, in its order. */
export function validateGroupConfigSet(configs: Readonly<Record<string, string>>): ConfigChangeError | null {
  for (const name of Object.keys(configs)) {
    if (!groupConfigDefinitions.has(name)) return invalid(`Unknown group config name: ${name}`);
  }
  for (const [name, value] of Object.entries(configs)) {
    const problem = checkKafkaConfigValue(groupConfigDefinitions.get(name)!, value);
    if (problem !== null) return invalid(`Invalid value ${value} for configuration ${name}: ${problem}`);
  }
  for (const [name, minName, maxName] of BOUNDS) {
    if (!Object.hasOwn(configs, name)) continue;
    const value = Number(configs[name]);
    if (minName !== null && value < Number(GROUP_CONFIG_BOUNDS[minName]))
      return invalid(`${name} must be greater than or equal to ${minName}`);
    if (maxName !== null && value > Number(GROUP_CONFIG_BOUNDS[maxName]))
      return invalid(`${name} must be less than or equal to ${maxName}`);
  }
  return null;
}

/** AlterConfigs: the request's configs replace every config of the group. */
export function replaceGroupConfigs(entries: readonly { name: string; value: string | null }[]): GroupConfigChangeResult {
  const requested = requestedConfigSet(entries);
  if ('errorCode' in requested) return requested;
  return validateGroupConfigSet(requested.configs) ?? requested;
}

/** IncrementalAlterConfigs: SET and DELETE; no group config is a list, so APPEND and SUBTRACT are refused. */
export function applyGroupIncrementalOperations(
  current: Readonly<Record<string, string>>,
  operations: readonly IncrementalOperation[],
): GroupConfigChangeResult {
  const duplicate = duplicateName(operations.map((operation) => operation.name));
  if (duplicate !== null) return duplicate;
  const configs: Record<string, string> = { ...current };
  for (const { name, configOperation, value } of operations) {
    if (configOperation === DELETE) {
      delete configs[name];
    } else if (configOperation === SET) {
      if (value === null) return { errorCode: ErrorCode.INVALID_REQUEST, message: `Null value not supported for : ${name}` };
      configs[name] = value;
    } else if (OPERATION_NAMES[configOperation] !== undefined) {
      return invalid(`Can't ${OPERATION_NAMES[configOperation]} to key ${name} because its type is not LIST.`);
    } else {
      return { errorCode: ErrorCode.INVALID_REQUEST, message: `Unknown config operation ${configOperation} for ${name}` };
    }
  }
  return validateGroupConfigSet(configs) ?? { configs };
}

/** Every group config: the group's own value (GROUP_CONFIG) over the broker's default (its synonym). */
export function describeGroupConfigs(configs: Readonly<Record<string, string>>): DescribedConfig[] {
  return [...groupConfigDefinitions.values()].map((definition) => {
    const synonyms = [];
    if (Object.hasOwn(configs, definition.name)) {
      synonyms.push({ name: definition.name, value: configs[definition.name], source: ConfigSource.GROUP_CONFIG });
    }
    synonyms.push({
      name: definition.brokerSynonym ?? definition.name,
      value: definition.defaultValue,
      source: ConfigSource.DEFAULT_CONFIG,
    });
    return {
      name: definition.name,
      value: synonyms[0].value,
      type: definition.type,
      source: synonyms[0].source,
      synonyms,
      readOnly: false,
    };
  });
}
