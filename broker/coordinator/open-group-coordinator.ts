// Builds the group coordinator for a starting broker: its store on __consumer_offsets and the groups and
// offsets replayed from that topic, and the periodic expiry of old offsets.

import type { TopicRegistry } from '../topics/topic-registry.ts';
import { GroupCoordinator } from './group-coordinator.ts';
import type { GroupCoordinatorConfig } from './group-coordinator-config.ts';
import { loadGroups } from './load-groups.ts';
import { OffsetsTopicStore } from './offsets-topic-store.ts';
import { expireOffsets } from './offsets-expiry.ts';

export interface GroupCoordinatorOptions extends GroupCoordinatorConfig {
  /** offsets.topic.num.partitions (Kafka: 50), used when the topic is first created. */
  offsetsTopicNumPartitions: number;
}

export async function openGroupCoordinator(
  topics: TopicRegistry,
  options: GroupCoordinatorOptions,
  log: (line: string) => void,
): Promise<GroupCoordinator> {
  const store = new OffsetsTopicStore({ topics, partitionCount: options.offsetsTopicNumPartitions });
  const coordinator = new GroupCoordinator(options, store, log, Date.now, {
    topic: (name) => {
      const topic = topics.get(name);
      return topic === undefined ? undefined : { topicId: topic.topicId, partitionCount: topic.partitions.length };
    },
    topicName: (topicId) => topics.getById(topicId)?.name,
    topicNames: () =>
      topics
        .list()
        .filter((topic) => !topic.isInternal)
        .map((topic) => topic.name),
    groupConfigs: (groupId) => topics.groupConfigs(groupId),
  });
  await loadGroups(coordinator, store.replay(), log);
  coordinator.runPeriodically(options.offsetsRetentionCheckIntervalMs, () =>
    expireOffsets(
      coordinator,
      { retentionMs: options.offsetsRetentionMs, nowMs: Date.now(), topicExists: (topic) => topics.get(topic) !== undefined },
      log,
    ),
  );
  return coordinator;
}
