// Limits and timings of the group coordinator, with Kafka's names and defaults.

/** group.consumer.migration.policy: which online conversions between the classic and consumer protocols run. */
export type ConsumerGroupMigrationPolicy = 'bidirectional' | 'upgrade' | 'downgrade' | 'disabled';
export const CONSUMER_GROUP_MIGRATION_POLICIES: readonly ConsumerGroupMigrationPolicy[] = [
  'bidirectional',
  'upgrade',
  'downgrade',
  'disabled',
];

export interface GroupCoordinatorConfig {
  /** group.initial.rebalance.delay.ms: the first rebalance of an empty group waits this long for more members. */
  initialRebalanceDelayMs: number;
  /** group.min.session.timeout.ms / group.max.session.timeout.ms: JoinGroup outside gets INVALID_SESSION_TIMEOUT. */
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  /** group.max.size: joins beyond it get GROUP_MAX_SIZE_REACHED (Kafka's default is unbounded). */
  maxGroupSize: number;
  /** Bound on the number of groups (Kafka has none); new groups beyond it get COORDINATOR_NOT_AVAILABLE. */
  maxGroups: number;
  /** offset.metadata.max.bytes: longer commit metadata gets OFFSET_METADATA_TOO_LARGE. */
  offsetMetadataMaxBytes: number;
  /** offsets.retention.minutes (in ms): see offsets-expiry.ts. */
  offsetsRetentionMs: number;
  /** offsets.retention.check.interval.ms. */
  offsetsRetentionCheckIntervalMs: number;
  /**
   * group.consumer.migration.policy (Kafka's default bidirectional): upgrade turns a classic group into a
   * consumer group when a consumer-protocol member joins it; downgrade turns it back when the last one leaves.
   */
  consumerGroupMigrationPolicy?: ConsumerGroupMigrationPolicy;
}

export const defaultGroupCoordinatorConfig: GroupCoordinatorConfig = {
  initialRebalanceDelayMs: 3000,
  minSessionTimeoutMs: 6000,
  maxSessionTimeoutMs: 1_800_000,
  maxGroupSize: 1000,
  maxGroups: 10_000,
  offsetMetadataMaxBytes: 4096,
  offsetsRetentionMs: 7 * 24 * 60 * 60 * 1000,
  offsetsRetentionCheckIntervalMs: 600_000,
  consumerGroupMigrationPolicy: 'bidirectional',
};
