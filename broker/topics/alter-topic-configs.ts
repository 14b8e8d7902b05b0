// The config changes of AlterConfigs (full replacement) and IncrementalAlterConfigs (SET / DELETE /
// APPEND / SUBTRACT), computed and validated as Kafka's ConfigurationControlManager and LogConfig do.
// Pure functions: the handlers apply the result through TopicRegistry.alterTopicConfigs.

import { ErrorCode } from '../protocol/error-codes.ts';
import { effectiveTopicConfig, topicConfigDefinitions, validateTopicConfig } from './topic-configs.ts';

export const ConfigOperation = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export interface ConfigChangeError {
  errorCode: number;
  message: string;
}

export type ConfigChangeResult = { configs: Record<string, string> } | ConfigChangeError;

export interface IncrementalOperation {
  name: string;
  configOperation: number;
  value: string | null;
}

const OPERATION_NAMES = ['SET', 'DELETE', 'APPEND', 'SUBTRACT'];
/** Bound on the items of a list config after APPEND. */
const MAX_LIST_ITEMS = 10_000;

function listItems(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function duplicateName(names: readonly string[]): ConfigChangeError | null {
  return new Set(names).size === names.length
    ? null
    : { errorCode: ErrorCode.INVALID_REQUEST, message: 'Error due to duplicate config keys' };
}

/** AlterConfigs' entries as a config set, refused as Kafka refuses duplicate keys and null values; not yet validated. */
export function requestedConfigSet(
  entries: readonly { name: string; value: string | null }[],
): { configs: Record<string, string> } | ConfigChangeError {
  const duplicate = duplicateName(entries.map((entry) => entry.name));
  if (duplicate !== null) return duplicate;
  const configs: Record<string, string> = {};
  for (const entry of entries) {
    if (entry.value === null) return { errorCode: ErrorCode.INVALID_REQUEST, message: `Null value not supported for : ${entry.name}` };
    configs[entry.name] = entry.value;
  }
  return { configs };
}

/** AlterConfigs: the request's configs replace every dynamic config of the topic. */
export function replaceTopicConfigs(entries: readonly { name: string; value: string | null }[]): ConfigChangeResult {
  const requested = requestedConfigSet(entries);
  if ('errorCode' in requested) return requested;
  return validateTopicConfigSet(requested.configs) ?? requested;
}

/** IncrementalAlterConfigs: applies the operations to the topic's current dynamic configs. */
export function applyIncrementalOperations(
  current: Readonly<Record<string, string>>,
  operations: readonly IncrementalOperation[],
  brokerDefaults: Readonly<Record<string, string>>,
): ConfigChangeResult {
  const duplicate = duplicateName(operations.map((operation) => operation.name));
  if (duplicate !== null) return duplicate;
  const configs: Record<string, string> = { ...current };
  for (const { name, configOperation, value } of operations) {
    const operationName = OPERATION_NAMES[configOperation];
    if (operationName === undefined)
      return { errorCode: ErrorCode.INVALID_REQUEST, message: `Unknown config operation ${configOperation} for ${name}` };
    if (configOperation === ConfigOperation.DELETE) {
      delete configs[name];
      continue;
    }
    if (value === null) return { errorCode: ErrorCode.INVALID_REQUEST, message: `Null value not supported for : ${name}` };
    if (configOperation === ConfigOperation.SET) {
      configs[name] = value;
      continue;
    }
    const definition = topicConfigDefinitions.get(name);
    if (definition === undefined) return { errorCode: ErrorCode.INVALID_CONFIG, message: `Unknown topic config name: ${name}` };
    if (definition.type !== 'list') {
      return { errorCode: ErrorCode.INVALID_CONFIG, message: `Can't ${operationName} to key ${name} because its type is not LIST.` };
    }
    // Like Kafka, APPEND/SUBTRACT start from the effective value (the default when the topic sets none).
    const items = listItems(effectiveTopicConfig(name, configs, brokerDefaults));
    const operands = listItems(value);
    const next =
      configOperation === ConfigOperation.APPEND
        ? [...items, ...operands.filter((item) => !items.includes(item))]
        : items.filter((item) => !operands.includes(item));
    if (next.length > MAX_LIST_ITEMS) return { errorCode: ErrorCode.INVALID_CONFIG, message: `Too many items in ${name}` };
    configs[name] = next.join(',');
  }
  return validateTopicConfigSet(configs) ?? { configs };
}

/** Every value valid on its own (INVALID_CONFIG with Kafka's message), then the cross-config rules of LogConfig. */
export function validateTopicConfigSet(configs: Readonly<Record<string, string>>): ConfigChangeError | null {
  for (const [name, value] of Object.entries(configs)) {
    const problem = validateTopicConfig(name, value);
    if (problem !== null) return { errorCode: ErrorCode.INVALID_CONFIG, message: problem };
  }
  const minLag = configs['min.compaction.lag.ms'];
  const maxLag = configs['max.compaction.lag.ms'];
  if (minLag !== undefined && maxLag !== undefined && BigInt(minLag.trim()) > BigInt(maxLag.trim())) {
    return {
      errorCode: ErrorCode.INVALID_CONFIG,
      message: `conflict topic config setting min.compaction.lag.ms (${minLag}) > max.compaction.lag.ms (${maxLag})`,
    };
  }
  if (configs['remote.storage.enable']?.trim() === 'true') {
    return {
      errorCode: ErrorCode.INVALID_CONFIG,
      message: 'Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.',
    };
  }
  return null;
}
