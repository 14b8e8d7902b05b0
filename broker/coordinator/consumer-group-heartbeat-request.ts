// A ConsumerGroupHeartbeat request and its answer as the consumer group coordinator sees them, and the checks of
// a request before it touches a group: Kafka's validation in its order and words, the bound on subscribed topic
// names, and the error a membership step throws to answer with an error code.

import { type Assignment, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH } from './consumer-group.ts';

export interface ConsumerHeartbeatInput {
  groupId: string;
  memberId: string;
  memberEpoch: number;
  instanceId: string | null;
  rackId: string | null;
  rebalanceTimeoutMs: number;
  subscribedTopicNames: string[] | null;
  subscribedTopicRegex: string | null;
  serverAssignor: string | null;
  topicPartitions: { topicId: string; partitions: number[] }[] | null;
  clientId: string;
  clientHost: string;
  /** v0 lets the coordinator choose the member id; from v1 (KIP-1082) the client does. */
  apiVersion: number;
}

export interface ConsumerHeartbeatResult {
  errorCode: number;
  errorMessage: string | null;
  memberId: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  /** Sent when the member (re)joined, sent a full request or its assignment changed; null otherwise. */
  assignment: Assignment | null;
}

/** Bounds on what one member may send (clients send a handful of topics). */
const MAX_SUBSCRIBED_TOPICS = 10_000;

export function failure(errorCode: number, errorMessage: string | null, memberId: string | null = null): ConsumerHeartbeatResult {
  return { errorCode, errorMessage, memberId, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
}

export class HeartbeatError extends Error {
  readonly errorCode: number;
  constructor(errorCode: number, message: string) {
    super(message);
    this.errorCode = errorCode;
  }
}

/** Kafka's request validation (throwIfConsumerGroupHeartbeatRequestIsInvalid), in its order and words. */
export function validate(input: ConsumerHeartbeatInput): string | null {
  if (input.groupId === '') return "GroupId can't be empty.";
  if (input.instanceId === '') return "InstanceId can't be empty.";
  if (input.rackId === '') return "RackId can't be empty.";
  if (input.memberEpoch > 0 || input.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH || input.apiVersion >= 1) {
    if (input.memberId === '') return "MemberId can't be empty.";
  }
  if (input.memberEpoch === 0) {
    if (input.rebalanceTimeoutMs === -1) return 'RebalanceTimeoutMs must be provided in first request.';
    if (input.topicPartitions === null || input.topicPartitions.length > 0) return 'TopicPartitions must be empty when (re-)joining.';
    if (input.subscribedTopicNames === null && input.subscribedTopicRegex === null)
      return 'Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.';
  } else if (input.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
    if (input.instanceId === null) return "InstanceId can't be null.";
  } else if (input.memberEpoch < LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
    return `MemberEpoch is invalid.`;
  }
  if ((input.subscribedTopicNames?.length ?? 0) > MAX_SUBSCRIBED_TOPICS) return 'SubscribedTopicNames has too many topics.';
  return null;
}
