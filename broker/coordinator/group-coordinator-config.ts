// Limits and timings of the group coordinator, with Kafka's names and defaults.

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
};
