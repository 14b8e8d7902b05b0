// Rebuilds groups and committed offsets from __consumer_offsets at start-up. Members are not brought back
// alive: a restarted broker has no sessions, so (as Kafka does once their sessions expire) every group comes
// back Empty, keeping its generation, protocol type and offsets. Clients rejoin on UNKNOWN_MEMBER_ID.

import { ClassicGroup } from './classic-group.ts';
import type { GroupCoordinator } from './group-coordinator.ts';
import { decodeOffsetsTopicRecord } from './offsets-topic-records.ts';
import type { OffsetsTopicRecord } from './offsets-topic-records.ts';

export async function loadGroups(coordinator: GroupCoordinator, records: AsyncIterable<OffsetsTopicRecord>, log: (line: string) => void): Promise<void> {
  let skipped = 0;
  const groupFor = (groupId: string): ClassicGroup => {
    let group = coordinator.groups.get(groupId);
    if (group === undefined) {
      group = new ClassicGroup(groupId, Date.now());
      coordinator.groups.set(groupId, group);
    }
    return group;
  };
  for await (const { key, value } of records) {
    let decoded;
    try {
      decoded = decodeOffsetsTopicRecord(key, value);
    } catch {
      skipped += 1;
      continue;
    }
    if (decoded.kind === 'offset') {
      if (decoded.offset !== null) groupFor(decoded.groupId).setOffset(decoded.topic, decoded.partition, decoded.offset);
      else coordinator.groups.get(decoded.groupId)?.setOffset(decoded.topic, decoded.partition, null);
    } else if (decoded.kind === 'group') {
      if (decoded.metadata === null) {
        coordinator.groups.delete(decoded.groupId);
      } else {
        const group = groupFor(decoded.groupId);
        group.generationId = decoded.metadata.generation;
        group.protocolType = decoded.metadata.protocolType === '' ? null : decoded.metadata.protocolType;
        // Offsets of an empty group expire counted from when it became empty (offsets-expiry.ts).
        const stateTimestampMs = Number(decoded.metadata.currentStateTimestamp ?? -1n);
        if (stateTimestampMs > 0) group.stateTimestampMs = stateTimestampMs;
      }
    }
  }
  if (skipped > 0) log(`__consumer_offsets: skipped ${skipped} records that could not be decoded`);
}
