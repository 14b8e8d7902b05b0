// Applies one KIP-848 consumer group record of __consumer_offsets during the start-up replay (Kafka's
// GroupMetadataManager.replay for record types 3 and 5-8): the group epoch, each member's subscription,
// the target assignment and each member's current assignment come back as they were written. The group
// epoch's tombstone ends the consumer group; its offsets, replayed separately, stay with the group id.

import type { ConsumerGroupMemberMetadataValue } from '../protocol/generated/coordinator/consumer-group-member-metadata-value.ts';
import { ClassicGroup } from './classic-group.ts';
import { ConsumerGroup, type ConsumerGroupMember, newMember } from './consumer-group.ts';
import { epochsFromTopicPartitions, fromTopicPartitions, type DecodedConsumerGroupRecord } from './consumer-group-records.ts';
import type { GroupCoordinator } from './group-coordinator.ts';

function consumerGroupFor(coordinator: GroupCoordinator, groupId: string): ConsumerGroup {
  let group = coordinator.groups.get(groupId);
  if (group === undefined) {
    group = new ClassicGroup(groupId, Date.now());
    coordinator.groups.set(groupId, group);
  }
  if (group.consumer === null) {
    group.type = 'consumer';
    group.consumer = new ConsumerGroup();
    group.protocolType = 'consumer';
    group.generationId = 0;
  }
  return group.consumer;
}

function memberFor(consumer: ConsumerGroup, memberId: string): ConsumerGroupMember {
  return consumer.members.get(memberId) ?? newMember(memberId);
}

/** What a member's metadata record holds; its epochs and assignments come from its current assignment record. */
type MemberMetadataFields = Omit<
  ConsumerGroupMember,
  'memberId' | 'memberEpoch' | 'previousMemberEpoch' | 'state' | 'assigned' | 'pendingRevocation' | 'assignmentEpochs'
>;

/** The member's fields of its metadata record, taken one by one so that nothing else the decoded record carries
 * (its unknown tagged fields) ends up in the member. */
function memberFieldsOf(value: ConsumerGroupMemberMetadataValue): MemberMetadataFields {
  const classic = value.classicMemberMetadata;
  return {
    instanceId: value.instanceId,
    rackId: value.rackId,
    clientId: value.clientId,
    clientHost: value.clientHost,
    subscribedTopicNames: value.subscribedTopicNames,
    subscribedTopicRegex: value.subscribedTopicRegex,
    rebalanceTimeoutMs: value.rebalanceTimeoutMs,
    serverAssignor: value.serverAssignor,
    classic:
      classic == null
        ? null
        : {
            sessionTimeoutMs: classic.sessionTimeoutMs,
            supportedProtocols: classic.supportedProtocols.map(({ name, metadata }) => ({ name, metadata })),
          },
  };
}

export function replayConsumerGroupRecord(coordinator: GroupCoordinator, record: DecodedConsumerGroupRecord): void {
  const existing = coordinator.groups.get(record.groupId);
  if (record.kind === 'consumerGroup' && record.epoch === null) {
    if (existing === undefined || existing.consumer === null) return;
    existing.consumer = null;
    existing.type = 'classic';
    existing.protocolType = null;
    if (existing.offsets.size === 0) coordinator.groups.delete(record.groupId);
    return;
  }
  // Tombstones of a group already gone (deleted, or taken over by the classic protocol) change nothing.
  const tombstone =
    (record.kind === 'consumerMember' && record.metadata === null) ||
    (record.kind === 'consumerTargetMetadata' && record.assignmentEpoch === null) ||
    (record.kind === 'consumerTargetMember' && record.assignment === null) ||
    (record.kind === 'consumerCurrentAssignment' && record.current === null);
  if (tombstone && (existing === undefined || existing.consumer === null)) return;
  const consumer = consumerGroupFor(coordinator, record.groupId);
  switch (record.kind) {
    case 'consumerGroup':
      consumer.groupEpoch = record.epoch!;
      consumer.metadataHash = record.metadataHash;
      break;
    case 'consumerMember': {
      if (record.metadata === null) {
        consumer.removeMember(record.memberId);
        break;
      }
      consumer.updateMember({ ...memberFor(consumer, record.memberId), ...memberFieldsOf(record.metadata) });
      break;
    }
    case 'consumerTargetMetadata':
      consumer.assignmentEpoch = record.assignmentEpoch ?? 0;
      break;
    case 'consumerTargetMember':
      if (record.assignment === null) consumer.targetAssignment.delete(record.memberId);
      else consumer.targetAssignment.set(record.memberId, record.assignment);
      break;
    case 'consumerCurrentAssignment': {
      if (!consumer.members.has(record.memberId) && record.current === null) break;
      const member = memberFor(consumer, record.memberId);
      const current = record.current;
      consumer.updateMember({
        ...member,
        memberEpoch: current?.memberEpoch ?? 0,
        previousMemberEpoch: current?.previousMemberEpoch ?? 0,
        state: current?.state ?? 0,
        assigned: fromTopicPartitions(current?.assignedPartitions ?? []),
        pendingRevocation: fromTopicPartitions(current?.partitionsPendingRevocation ?? []),
        assignmentEpochs: epochsFromTopicPartitions(
          current?.memberEpoch ?? 0,
          current?.assignedPartitions ?? [],
          current?.partitionsPendingRevocation ?? [],
        ),
      });
      break;
    }
  }
}
