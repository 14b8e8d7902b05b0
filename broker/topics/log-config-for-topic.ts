// Maps a topic's effective configs (topic override > broker default > Kafka default) to the log's settings.

import { defaultLogConfig, type LogConfig } from '../log/partition-log.ts';
import { effectiveTopicConfig } from './topic-configs.ts';

/** Kafka's Long.MAX_VALUE settings mean "never"; JS numbers cap them at MAX_SAFE_INTEGER. */
function longConfig(value: string): number {
  const parsed = Number(value);
  return parsed > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : parsed;
}

export function logConfigForTopic(
  topicConfigs: Readonly<Record<string, string>>,
  brokerDefaults: Readonly<Record<string, string>>,
): LogConfig {
  const value = (name: string) => effectiveTopicConfig(name, topicConfigs, brokerDefaults);
  const cleanupPolicies = value('cleanup.policy')
    .split(',')
    .map((policy) => policy.trim());
  return {
    ...defaultLogConfig,
    segmentBytes: longConfig(value('segment.bytes')),
    segmentMs: longConfig(value('segment.ms')),
    indexIntervalBytes: longConfig(value('index.interval.bytes')),
    flushMessages: longConfig(value('flush.messages')),
    flushMs: longConfig(value('flush.ms')),
    maxMessageBytes: longConfig(value('max.message.bytes')),
    messageTimestampType: value('message.timestamp.type') === 'LogAppendTime' ? 'LogAppendTime' : 'CreateTime',
    retentionMs: longConfig(value('retention.ms')),
    retentionBytes: longConfig(value('retention.bytes')),
    messageTimestampBeforeMaxMs: longConfig(value('message.timestamp.before.max.ms')),
    messageTimestampAfterMaxMs: longConfig(value('message.timestamp.after.max.ms')),
    cleanupDelete: cleanupPolicies.includes('delete'),
    cleanupCompact: cleanupPolicies.includes('compact'),
    deleteRetentionMs: longConfig(value('delete.retention.ms')),
    minCompactionLagMs: longConfig(value('min.compaction.lag.ms')),
    maxCompactionLagMs: longConfig(value('max.compaction.lag.ms')),
    minCleanableDirtyRatio: Number(value('min.cleanable.dirty.ratio')),
    fileDeleteDelayMs: longConfig(value('file.delete.delay.ms')),
  };
}
