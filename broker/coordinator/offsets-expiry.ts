// Kafka's offset expiration (offsets.retention.minutes, checked every offsets.retention.check.interval.ms):
// an Empty group's offsets expire retention after it became empty (or after their commit, for groups that
// never had members); a consumer group with members keeps the offsets of topics it subscribes to and expires
// the others by commit time (KIP-496). Offsets of deleted topics are dropped too: DeleteTopics already removes
// them (group-offsets.ts deleteTopicOffsets); this catches any whose tombstones could not be written.
// An Empty group without offsets is deleted (group tombstone) at the sweep, as Kafka's group goes Dead.
// KIP-848 consumer groups expire by commit time even when Empty, and are deleted with their own tombstones.
// Offsets pending in an open transaction (TxnOffsetCommit) keep their partition's offset and their group.

import type { ClassicGroup } from './classic-group.ts';
import type { GroupCoordinator } from './group-coordinator.ts';
import { offsetCommitRecord, type OffsetsTopicRecord } from './offsets-topic-records.ts';

export interface OffsetsExpiryOptions {
  retentionMs: number;
  nowMs: number;
  topicExists: (topic: string) => boolean;
}

function expiredOffsets(
  coordinator: GroupCoordinator,
  group: ClassicGroup,
  options: OffsetsExpiryOptions,
): { topic: string; partition: number }[] {
  const subscribed = group.state === 'Empty' ? new Set<string>() : group.subscribedTopics();
  if (subscribed === null) return [];
  const expired: { topic: string; partition: number }[] = [];
  for (const [topic, partitions] of group.offsets) {
    const topicGone = !options.topicExists(topic);
    if (!topicGone && subscribed.has(topic)) continue;
    for (const [partition, offset] of partitions) {
      if (coordinator.pendingTransactionalOffsets.has(group.groupId, topic, partition)) continue;
      // A KIP-848 group's offsets always expire by commit time (Kafka's ConsumerGroup expiration condition).
      const emptyClassic = group.consumer === null && group.state === 'Empty' && group.protocolType !== null;
      const sinceMs = emptyClassic ? group.stateTimestampMs : Number(offset.commitTimestampMs);
      if (topicGone || options.nowMs - sinceMs >= options.retentionMs) expired.push({ topic, partition });
    }
  }
  return expired;
}

/** One sweep over every group; returns how many offsets expired. Writes failures are logged and retried next sweep. */
export async function expireOffsets(
  coordinator: GroupCoordinator,
  options: OffsetsExpiryOptions,
  log: (line: string) => void,
): Promise<number> {
  let count = 0;
  for (const group of [...coordinator.groups.values()]) {
    const expired = expiredOffsets(coordinator, group, options);
    const records: OffsetsTopicRecord[] = expired.map(({ topic, partition }) => offsetCommitRecord(group.groupId, topic, partition, null));
    for (const { topic, partition } of expired) group.setOffset(topic, partition, null);
    const deleteGroup =
      group.state === 'Empty' &&
      group.isEmpty &&
      group.pendingMembers.size === 0 &&
      group.offsets.size === 0 &&
      coordinator.pendingTransactionalOffsets.partitions({ groupId: group.groupId }).length === 0;
    if (deleteGroup) {
      records.push(...coordinator.groupTombstones(group));
      group.transitionTo('Dead', options.nowMs);
      coordinator.groups.delete(group.groupId);
    }
    count += expired.length;
    if (records.length === 0) continue;
    try {
      await coordinator.store.append(group.groupId, records);
    } catch (error) {
      log(`group ${group.groupId}: could not write expired offsets: ${String(error)}`);
    }
  }
  return count;
}
