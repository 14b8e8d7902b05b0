// A partition log's settings (Kafka's LogConfig), mapped from topic configs by
// broker/topics/log-config-for-topic.ts, with Kafka's defaults.

export interface LogConfig {
  segmentBytes: number;
  segmentMs: number;
  indexIntervalBytes: number;
  /** fsync after this many messages; Kafka's default Long.MAX (here MAX_SAFE_INTEGER) means never. */
  flushMessages: number;
  flushMs: number;
  maxMessageBytes: number;
  messageTimestampType: 'CreateTime' | 'LogAppendTime';
  /** -1: keep forever. */
  retentionMs: number;
  /** -1: no size limit. */
  retentionBytes: number;
  /** Kafka's producer.id.expiration.ms: idle producers' state is dropped after it. */
  producerIdExpirationMs: number;
  /** Stamped into every batch; a single node never changes leader. */
  leaderEpoch: number;
  /** Bound on appends waiting for this partition; beyond it appends fail with REQUEST_TIMED_OUT. */
  maxQueuedAppends: number;
  /** CreateTime records may be at most this much older / newer than the broker's clock (INVALID_TIMESTAMP). */
  messageTimestampBeforeMaxMs: number;
  messageTimestampAfterMaxMs: number;
  /** cleanup.policy: retention deletes old segments with `delete`; the log cleaner compacts with `compact`. */
  cleanupDelete: boolean;
  cleanupCompact: boolean;
  deleteRetentionMs: number;
  minCompactionLagMs: number;
  maxCompactionLagMs: number;
  minCleanableDirtyRatio: number;
  /** Deleted segments are renamed *.deleted and removed after this delay (reads in flight finish). */
  fileDeleteDelayMs: number;
}

export const defaultLogConfig: LogConfig = {
  segmentBytes: 1073741824,
  segmentMs: 604800000,
  indexIntervalBytes: 4096,
  flushMessages: Number.MAX_SAFE_INTEGER,
  flushMs: Number.MAX_SAFE_INTEGER,
  maxMessageBytes: 1048588,
  messageTimestampType: 'CreateTime',
  retentionMs: 604800000,
  retentionBytes: -1,
  producerIdExpirationMs: 86400000,
  leaderEpoch: 0,
  maxQueuedAppends: 10_000,
  messageTimestampBeforeMaxMs: Number.MAX_SAFE_INTEGER,
  messageTimestampAfterMaxMs: Number.MAX_SAFE_INTEGER,
  cleanupDelete: true,
  cleanupCompact: false,
  deleteRetentionMs: 86400000,
  minCompactionLagMs: 0,
  maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
  minCleanableDirtyRatio: 0.5,
  fileDeleteDelayMs: 60000,
};
