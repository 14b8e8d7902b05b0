// Rebuilds groups and committed offsets from __consumer_offsets at start-up. Members are not brought back
// alive: a restarted broker has no sessions, so (as Kafka does once their sessions expire) every group comes
// back Empty, keeping its generation, protocol type and offsets. Clients rejoin on UNKNOWN_MEMBER_ID.
// Offset commits written in a transaction (TxnOffsetCommit) stay pending until their producer's COMMIT
// marker in the same partition makes them committed or an ABORT marker drops them, as Kafka's
// OffsetMetadataManager replays them; those of a transaction still open stay pending after the replay, and
// the transaction coordinator's marker ends them later (transactional-offsets.ts).
// KIP-848 consumer groups come back whole (consumer-group-replay.ts): epochs, members, target and current
// assignments; their members' sessions restart once loading ends, as in Kafka.

import { ClassicGroup } from './classic-group.ts';
import type { GroupCoordinator } from './group-coordinator.ts';
import { decodeOffsetsTopicRecord } from './offsets-topic-records.ts';
import type { CoordinatorLogEntry } from './coordinator-topic-log.ts';
import { completeTransactionalOffsets } from './transactional-offsets.ts';
import { replayConsumerGroupRecord } from './consumer-group-replay.ts';

export async function loadGroups(
  coordinator: GroupCoordinator,
  entries: AsyncIterable<CoordinatorLogEntry>,
  log: (line: string) => void,
): Promise<void> {
  let skipped = 0;
  const groupFor = (groupId: string): ClassicGroup => {
    let group = coordinator.groups.get(groupId);
    if (group === undefined) {
      group = new ClassicGroup(groupId, Date.now());
      coordinator.groups.set(groupId, group);
    }
    return group;
  };
  const pending = coordinator.pendingTransactionalOffsets;
  for await (const entry of entries) {
    if (entry.kind === 'marker') {
      completeTransactionalOffsets(coordinator, entry.producerId, entry.partition, entry.commit, log);
      continue;
    }
    let decoded;
    try {
      decoded = decodeOffsetsTopicRecord(entry.record.key, entry.record.value);
    } catch {
      skipped += 1;
      continue;
    }
    if (decoded.kind === 'offset') {
      const { groupId, topic, partition, offset } = decoded;
      if (offset === null) {
        coordinator.groups.get(groupId)?.setOffset(topic, partition, null);
        pending.remove(groupId, topic, partition);
      } else if (entry.producerId >= 0n) {
        groupFor(groupId);
        pending.stage(entry.producerId, { groupId, topic, partition, offsetsPartition: entry.partition, offset });
      } else {
        groupFor(groupId).setOffset(topic, partition, offset);
        pending.committed(groupId, topic, partition);
      }
    } else if (decoded.kind === 'group') {
      if (decoded.metadata === null) {
        // Deleted, or taken over by a consumer group (which keeps the offsets: they were not tombstoned).
        const group = coordinator.groups.get(decoded.groupId);
        if (group?.consumer === null && group.offsets.size > 0) {
          group.generationId = 0;
          group.protocolType = null;
        } else if (group?.consumer === null) {
          coordinator.groups.delete(decoded.groupId);
        }
      } else {
        const group = groupFor(decoded.groupId);
        group.generationId = decoded.metadata.generation;
        group.protocolType = decoded.metadata.protocolType === '' ? null : decoded.metadata.protocolType;
        // Offsets of an empty group expire counted from when it became empty (offsets-expiry.ts).
        const stateTimestampMs = Number(decoded.metadata.currentStateTimestamp ?? -1n);
        if (stateTimestampMs > 0) group.stateTimestampMs = stateTimestampMs;
      }
    } else if (decoded.kind !== 'other') {
      replayConsumerGroupRecord(coordinator, decoded);
    }
  }
  coordinator.consumerGroups.onLoaded();
  if (skipped > 0) log(`__consumer_offsets: skipped ${skipped} records that could not be decoded`);
}
