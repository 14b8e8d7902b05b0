// A KIP-848 consumer group's subscriptions and target assignment (Kafka's TargetAssignmentBuilder and
// subscribed-topic metadata): the topics its members subscribe to, by name or regex; the hash of those topics'
// ids and partition counts, whose change bumps the group epoch; and the assignor's target at the group epoch.

import { createHash } from 'node:crypto';
import type { ClassicGroup } from './classic-group.ts';
import { DEFAULT_SERVER_ASSIGNOR, SERVER_ASSIGNORS } from './consumer-group-assignors.ts';
import { type ConsumerGroup, type ConsumerGroupMember, sameAssignment } from './consumer-group.ts';
import type { ConsumerGroupTopics } from './consumer-group-coordinator.ts';
import { targetMemberRecord, targetMetadataRecord } from './consumer-group-records.ts';
import type { CoordinatorRecord } from './coordinator-topic-log.ts';

/** Bound on a subscription regex (clients send short patterns). */
const MAX_REGEX_LENGTH = 1000;

export function computeTargetAssignment(
  group: ClassicGroup,
  topicsView: ConsumerGroupTopics,
  now: () => number,
  records: CoordinatorRecord[],
): void {
  const consumer = group.consumer!;
  const assignor = SERVER_ASSIGNORS.get(consumer.preferredAssignor(DEFAULT_SERVER_ASSIGNOR))!;
  const members = new Map([...consumer.members.values()].map((member) => [member.memberId, subscribedTopicIds(topicsView, member)]));
  const topics = new Map<string, number>();
  for (const name of subscribedTopicNames(topicsView, consumer)) {
    const topic = topicsView.topic(name);
    if (topic !== undefined) topics.set(topic.topicId, topic.partitionCount);
  }
  const target = assignor.assign({ members, topics, previous: consumer.targetAssignment });
  for (const [memberId, assignment] of target) {
    const previous = consumer.targetAssignment.get(memberId);
    if (previous !== undefined && sameAssignment(previous, assignment)) continue;
    consumer.targetAssignment.set(memberId, assignment);
    records.push(targetMemberRecord(group.groupId, memberId, assignment));
  }
  consumer.assignmentEpoch = consumer.groupEpoch;
  records.push(targetMetadataRecord(group.groupId, consumer.assignmentEpoch, now()));
}

function subscribedTopicNames(topicsView: ConsumerGroupTopics, consumer: ConsumerGroup): Set<string> {
  const names = new Set<string>();
  for (const member of consumer.members.values()) for (const name of memberTopicNames(topicsView, member)) names.add(name);
  return names;
}

function memberTopicNames(topicsView: ConsumerGroupTopics, member: ConsumerGroupMember): string[] {
  if (member.subscribedTopicRegex === null) return member.subscribedTopicNames;
  const regex = compileRegex(member.subscribedTopicRegex);
  const matching = regex === null ? [] : topicsView.topicNames().filter((name) => regex.test(name));
  return [...new Set([...member.subscribedTopicNames, ...matching])];
}

export function subscribedTopicIds(topicsView: ConsumerGroupTopics, member: ConsumerGroupMember): Set<string> {
  const ids = new Set<string>();
  for (const name of memberTopicNames(topicsView, member)) {
    const topic = topicsView.topic(name);
    if (topic !== undefined) ids.add(topic.topicId);
  }
  return ids;
}

/** A hash of the subscribed topics' ids and partition counts: a change (topic created, partitions added) bumps the epoch. */
export function metadataHash(topicsView: ConsumerGroupTopics, consumer: ConsumerGroup): bigint {
  const parts = [...subscribedTopicNames(topicsView, consumer)].sort().map((name) => {
    const topic = topicsView.topic(name);
    return topic === undefined ? `${name}:-` : `${name}:${topic.topicId}:${topic.partitionCount}`;
  });
  if (parts.length === 0) return 0n;
  return createHash('sha256').update(parts.join('\n')).digest().readBigInt64BE(0);
}

/** A subscription regex as Kafka's RE2J reads it for full-name matches; null when it does not compile. */
export function compileRegex(pattern: string): RegExp | null {
  if (pattern.length > MAX_REGEX_LENGTH) return null;
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return null;
  }
}
