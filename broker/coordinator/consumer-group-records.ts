// The KIP-848 consumer group records of __consumer_offsets, in Kafka's layout (the key: int16 record type +
// key struct v0; the value: int16 version 0 + value struct; null value = tombstone): 3 ConsumerGroupMetadata
// (group epoch), 5 ConsumerGroupMemberMetadata (subscription), 6 ConsumerGroupTargetAssignmentMetadata
// (assignment epoch), 7 ConsumerGroupTargetAssignmentMember, 8 ConsumerGroupCurrentMemberAssignment. Kafka
// 4 no longer writes type 4 (partition metadata; the metadata hash replaced it), nor does this broker.

import type { Reader } from '../protocol/reader.ts';
import { Writer } from '../protocol/writer.ts';
import {
  readConsumerGroupMetadataKey,
  writeConsumerGroupMetadataKey,
} from '../protocol/generated/coordinator/consumer-group-metadata-key.ts';
import {
  readConsumerGroupMetadataValue,
  writeConsumerGroupMetadataValue,
} from '../protocol/generated/coordinator/consumer-group-metadata-value.ts';
import {
  readConsumerGroupMemberMetadataKey,
  writeConsumerGroupMemberMetadataKey,
} from '../protocol/generated/coordinator/consumer-group-member-metadata-key.ts';
import {
  readConsumerGroupMemberMetadataValue,
  writeConsumerGroupMemberMetadataValue,
  type ConsumerGroupMemberMetadataValue,
} from '../protocol/generated/coordinator/consumer-group-member-metadata-value.ts';
import {
  readConsumerGroupTargetAssignmentMetadataKey,
  writeConsumerGroupTargetAssignmentMetadataKey,
} from '../protocol/generated/coordinator/consumer-group-target-assignment-metadata-key.ts';
import {
  readConsumerGroupTargetAssignmentMetadataValue,
  writeConsumerGroupTargetAssignmentMetadataValue,
} from '../protocol/generated/coordinator/consumer-group-target-assignment-metadata-value.ts';
import {
  readConsumerGroupTargetAssignmentMemberKey,
  writeConsumerGroupTargetAssignmentMemberKey,
} from '../protocol/generated/coordinator/consumer-group-target-assignment-member-key.ts';
import {
  readConsumerGroupTargetAssignmentMemberValue,
  writeConsumerGroupTargetAssignmentMemberValue,
} from '../protocol/generated/coordinator/consumer-group-target-assignment-member-value.ts';
import {
  readConsumerGroupCurrentMemberAssignmentKey,
  writeConsumerGroupCurrentMemberAssignmentKey,
} from '../protocol/generated/coordinator/consumer-group-current-member-assignment-key.ts';
import {
  readConsumerGroupCurrentMemberAssignmentValue,
  writeConsumerGroupCurrentMemberAssignmentValue,
  type ConsumerGroupCurrentMemberAssignmentValue,
} from '../protocol/generated/coordinator/consumer-group-current-member-assignment-value.ts';
import type { CoordinatorRecord } from './coordinator-topic-log.ts';
import { type Assignment, assignmentEpochOf, type ConsumerGroupMember, type PartitionEpochs } from './consumer-group.ts';

export const CONSUMER_GROUP_RECORD_TYPES = { metadata: 3, member: 5, targetMetadata: 6, targetMember: 7, currentAssignment: 8 } as const;
const VERSION = 0;

export type DecodedConsumerGroupRecord =
  | { kind: 'consumerGroup'; groupId: string; epoch: number | null; metadataHash: bigint }
  | { kind: 'consumerMember'; groupId: string; memberId: string; metadata: ConsumerGroupMemberMetadataValue | null }
  | { kind: 'consumerTargetMetadata'; groupId: string; assignmentEpoch: number | null }
  | { kind: 'consumerTargetMember'; groupId: string; memberId: string; assignment: Assignment | null }
  | { kind: 'consumerCurrentAssignment'; groupId: string; memberId: string; current: ConsumerGroupCurrentMemberAssignmentValue | null };

function record(type: number, writeKey: (w: Writer) => void, writeValue: ((w: Writer) => void) | null): CoordinatorRecord {
  const key = new Writer();
  key.writeInt16(type);
  writeKey(key);
  if (writeValue === null) return { key: key.toBuffer(), value: null };
  const value = new Writer();
  value.writeInt16(VERSION);
  writeValue(value);
  return { key: key.toBuffer(), value: value.toBuffer() };
}

export function toTopicPartitions(assignment: Assignment): { topicId: string; partitions: number[] }[] {
  return [...assignment].map(([topicId, partitions]) => ({ topicId, partitions: [...partitions].sort((a, b) => a - b) }));
}

/** The partitions' assignment epochs beside them (KIP-1251's tagged field), the member epoch where unknown. */
function withAssignmentEpochs(
  list: { topicId: string; partitions: number[] }[],
  member: ConsumerGroupMember,
): { topicId: string; partitions: number[]; assignmentEpochs: number[] }[] {
  return list.map(({ topicId, partitions }) => ({
    topicId,
    partitions,
    assignmentEpochs: partitions.map((partition) => assignmentEpochOf(member, topicId, partition) ?? member.memberEpoch),
  }));
}

/**
 * The assignment epochs a current-assignment record holds; a topic whose epochs are missing or do not match
 * its partitions (records written before KIP-1251) gets the member epoch, as Kafka reads them.
 */
export function epochsFromTopicPartitions(
  memberEpoch: number,
  ...lists: readonly { topicId: string; partitions: number[]; assignmentEpochs?: number[] | null }[][]
): PartitionEpochs {
  const epochs: PartitionEpochs = new Map();
  for (const list of lists) {
    for (const { topicId, partitions, assignmentEpochs } of list) {
      const known = assignmentEpochs != null && assignmentEpochs.length === partitions.length;
      const byPartition = epochs.get(topicId) ?? new Map<number, number>();
      partitions.forEach((partition, index) => byPartition.set(partition, known ? assignmentEpochs[index] : memberEpoch));
      epochs.set(topicId, byPartition);
    }
  }
  return epochs;
}

export function fromTopicPartitions(list: readonly { topicId: string; partitions: number[] }[]): Assignment {
  return new Map(list.filter((t) => t.partitions.length > 0).map(({ topicId, partitions }) => [topicId, new Set(partitions)]));
}

export function consumerGroupMetadataRecord(groupId: string, epoch: number | null, metadataHash = 0n): CoordinatorRecord {
  return record(
    CONSUMER_GROUP_RECORD_TYPES.metadata,
    (w) => writeConsumerGroupMetadataKey(w, VERSION, { groupId }),
    epoch === null ? null : (w) => writeConsumerGroupMetadataValue(w, VERSION, { epoch, metadataHash }),
  );
}

export function memberMetadataRecord(groupId: string, memberId: string, member: ConsumerGroupMember | null): CoordinatorRecord {
  return record(
    CONSUMER_GROUP_RECORD_TYPES.member,
    (w) => writeConsumerGroupMemberMetadataKey(w, VERSION, { groupId, memberId }),
    member === null
      ? null
      : (w) =>
          writeConsumerGroupMemberMetadataValue(w, VERSION, {
            instanceId: member.instanceId,
            rackId: member.rackId,
            clientId: member.clientId,
            clientHost: member.clientHost,
            subscribedTopicNames: member.subscribedTopicNames,
            subscribedTopicRegex: member.subscribedTopicRegex,
            rebalanceTimeoutMs: member.rebalanceTimeoutMs,
            serverAssignor: member.serverAssignor,
            classicMemberMetadata: member.classic,
          }),
  );
}

export function targetMetadataRecord(groupId: string, assignmentEpoch: number | null, nowMs: number): CoordinatorRecord {
  return record(
    CONSUMER_GROUP_RECORD_TYPES.targetMetadata,
    (w) => writeConsumerGroupTargetAssignmentMetadataKey(w, VERSION, { groupId }),
    assignmentEpoch === null
      ? null
      : (w) => writeConsumerGroupTargetAssignmentMetadataValue(w, VERSION, { assignmentEpoch, assignmentTimestamp: BigInt(nowMs) }),
  );
}

export function targetMemberRecord(groupId: string, memberId: string, assignment: Assignment | null): CoordinatorRecord {
  return record(
    CONSUMER_GROUP_RECORD_TYPES.targetMember,
    (w) => writeConsumerGroupTargetAssignmentMemberKey(w, VERSION, { groupId, memberId }),
    assignment === null
      ? null
      : (w) => writeConsumerGroupTargetAssignmentMemberValue(w, VERSION, { topicPartitions: toTopicPartitions(assignment) }),
  );
}

export function currentAssignmentRecord(groupId: string, memberId: string, member: ConsumerGroupMember | null): CoordinatorRecord {
  return record(
    CONSUMER_GROUP_RECORD_TYPES.currentAssignment,
    (w) => writeConsumerGroupCurrentMemberAssignmentKey(w, VERSION, { groupId, memberId }),
    member === null
      ? null
      : (w) =>
          writeConsumerGroupCurrentMemberAssignmentValue(w, VERSION, {
            memberEpoch: member.memberEpoch,
            previousMemberEpoch: member.previousMemberEpoch,
            state: member.state,
            assignedPartitions: withAssignmentEpochs(toTopicPartitions(member.assigned), member),
            partitionsPendingRevocation: withAssignmentEpochs(toTopicPartitions(member.pendingRevocation), member),
          }),
  );
}

/** The records of one member leaving: current assignment, target and subscription tombstones (Kafka's order). */
export function memberRemovalRecords(groupId: string, memberId: string): CoordinatorRecord[] {
  return [
    currentAssignmentRecord(groupId, memberId, null),
    targetMemberRecord(groupId, memberId, null),
    memberMetadataRecord(groupId, memberId, null),
  ];
}

/** Decodes record types 3 and 5-8 (the key reader is past the type, the value reader past its version). */
export function decodeConsumerGroupRecord(type: number, key: Reader, value: Reader | null): DecodedConsumerGroupRecord | null {
  switch (type) {
    case CONSUMER_GROUP_RECORD_TYPES.metadata: {
      const { groupId } = readConsumerGroupMetadataKey(key, VERSION);
      const parsed = value === null ? null : readConsumerGroupMetadataValue(value, VERSION);
      return { kind: 'consumerGroup', groupId, epoch: parsed?.epoch ?? null, metadataHash: parsed?.metadataHash ?? 0n };
    }
    case CONSUMER_GROUP_RECORD_TYPES.member: {
      const { groupId, memberId } = readConsumerGroupMemberMetadataKey(key, VERSION);
      return {
        kind: 'consumerMember',
        groupId,
        memberId,
        metadata: value === null ? null : readConsumerGroupMemberMetadataValue(value, VERSION),
      };
    }
    case CONSUMER_GROUP_RECORD_TYPES.targetMetadata: {
      const { groupId } = readConsumerGroupTargetAssignmentMetadataKey(key, VERSION);
      const parsed = value === null ? null : readConsumerGroupTargetAssignmentMetadataValue(value, VERSION);
      return { kind: 'consumerTargetMetadata', groupId, assignmentEpoch: parsed?.assignmentEpoch ?? null };
    }
    case CONSUMER_GROUP_RECORD_TYPES.targetMember: {
      const { groupId, memberId } = readConsumerGroupTargetAssignmentMemberKey(key, VERSION);
      const parsed = value === null ? null : readConsumerGroupTargetAssignmentMemberValue(value, VERSION);
      return {
        kind: 'consumerTargetMember',
        groupId,
        memberId,
        assignment: parsed === null ? null : fromTopicPartitions(parsed.topicPartitions),
      };
    }
    case CONSUMER_GROUP_RECORD_TYPES.currentAssignment: {
      const { groupId, memberId } = readConsumerGroupCurrentMemberAssignmentKey(key, VERSION);
      const current = value === null ? null : readConsumerGroupCurrentMemberAssignmentValue(value, VERSION);
      return { kind: 'consumerCurrentAssignment', groupId, memberId, current };
    }
    default:
      return null;
  }
}
