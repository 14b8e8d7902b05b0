// Consumer groups over the Kafka protocol: ListGroups, DescribeGroups (members and their assignments) and
// OffsetFetch (committed offsets), through the shared Admin; KIP-848 groups, which DescribeGroups calls Dead,
// through ConsumerGroupDescribe (consumer-group-describe.ts). Bounded: groups are described and their
// offsets fetched groupsPerRequest at a time.
import type { ClusterClient } from './cluster-client.ts';
import { describeKip848Groups } from './consumer-group-describe.ts';
import type { CommittedOffset } from './group-lag.ts';

const groupsPerRequest = 100;

export interface GroupListing {
  groupId: string;
  /**
   * Stable, Empty, PreparingRebalance, CompletingRebalance, Dead (classic groups); Empty, Assigning,
   * Reconciling, Stable (KIP-848 consumer groups); or what the cluster says.
   */
  state: string;
  /** "consumer" for Kafka consumers; "" for groups that only commit offsets (no members ever joined). */
  protocolType: string;
  /** The group protocol: "classic" (JoinGroup/SyncGroup), "consumer" (KIP-848), or what the cluster says. */
  type: string;
}

export interface GroupMemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  assignments: { topic: string; partitions: number[] }[];
}

export interface GroupDescription extends GroupListing {
  /** The assignor (range, roundrobin, cooperative-sticky...) of an active group, a KIP-848 group's server-side one (uniform, range); "" when empty. */
  protocol: string;
  members: GroupMemberDescription[];
}

export async function listConsumerGroups(client: ClusterClient): Promise<GroupListing[]> {
  // The Admin asks for classic groups only unless told otherwise; KIP-848 groups are consumer groups too.
  const groups = await client.call('list groups', () => client.admin.listGroups({ types: ['classic', 'consumer'] }));
  // Clusters before ListGroups v5 carry no type: every group there is classic.
  return [...groups.values()].map((group) => ({
    groupId: group.id,
    state: group.state,
    protocolType: group.protocolType,
    type: group.groupType ?? 'classic',
  }));
}

/** Descriptions of the named groups; a group the cluster does not know comes back Dead with no members. */
export async function describeConsumerGroups(client: ClusterClient, groupIds: string[]): Promise<Map<string, GroupDescription>> {
  const described = new Map<string, GroupDescription>();
  for (let start = 0; start < groupIds.length; start += groupsPerRequest) {
    const batch = groupIds.slice(start, start + groupsPerRequest);
    const answered = await client.call('describe groups', () => client.admin.describeGroups({ groups: batch }));
    for (const [groupId, group] of answered) {
      described.set(groupId, {
        groupId,
        state: group.state,
        protocolType: group.protocolType,
        type: 'classic',
        protocol: group.protocol,
        members: [...group.members.values()].map((member) => ({
          memberId: member.id,
          groupInstanceId: member.groupInstanceId ?? null,
          clientId: member.clientId,
          clientHost: member.clientHost,
          assignments: [...(member.assignments?.values() ?? [])].map((assignment) => ({
            topic: assignment.topic,
            partitions: [...assignment.partitions].sort((a, b) => a - b),
          })),
        })),
      });
    }
    const dead = batch.filter((groupId) => described.get(groupId)?.state === 'Dead');
    for (const [groupId, group] of await describeKip848Groups(client, dead)) described.set(groupId, group);
  }
  return described;
}

/** groupId -> topic -> partition -> committed offset; partitions without a commit are left out. */
export async function fetchCommittedOffsets(
  client: ClusterClient,
  groupIds: string[],
): Promise<Map<string, Map<string, Map<number, CommittedOffset>>>> {
  const result = new Map<string, Map<string, Map<number, CommittedOffset>>>();
  for (let start = 0; start < groupIds.length; start += groupsPerRequest) {
    const batch = groupIds.slice(start, start + groupsPerRequest);
    const answered = await client.call('fetch committed offsets', () => client.admin.listConsumerGroupOffsets({ groups: batch }));
    for (const group of answered) {
      const topics = new Map<string, Map<number, CommittedOffset>>();
      for (const topic of group.topics) {
        const partitions = new Map<number, CommittedOffset>();
        for (const partition of topic.partitions) {
          if (partition.committedOffset < 0n) continue;
          partitions.set(partition.partitionIndex, { offset: Number(partition.committedOffset), metadata: partition.metadata ?? null });
        }
        if (partitions.size > 0) topics.set(topic.name, partitions);
      }
      result.set(group.groupId, topics);
    }
  }
  return result;
}

/** One commit (OffsetCommit through AlterConsumerGroupOffsets) of the given offsets; the group must be empty. */
export async function alterCommittedOffsets(
  client: ClusterClient,
  groupId: string,
  offsets: { topic: string; partition: number; offset: number }[],
): Promise<void> {
  const byTopic = new Map<string, { partition: number; offset: bigint }[]>();
  for (const { topic, partition, offset } of offsets) {
    const list = byTopic.get(topic) ?? [];
    list.push({ partition, offset: BigInt(offset) });
    byTopic.set(topic, list);
  }
  await client.call(`commit offsets of group ${groupId}`, () =>
    client.admin.alterConsumerGroupOffsets({
      groupId,
      topics: [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets })),
    }),
  );
}
