// KIP-848 consumer groups (group.protocol=consumer) through ConsumerGroupDescribe (API 69), sent to each
// group's coordinator on the client's own protocol connections: DescribeGroups answers such a group Dead
// with no members ("is not a classic group"), so the groups it calls Dead are asked for here too. A group
// the API does not know (GROUP_ID_NOT_FOUND: classic or unknown) is left out; a cluster without the API
// (before Kafka 3.7) describes none.
import { consumerGroupDescribeV0, FindCoordinatorKeyTypes } from '@platformatic/kafka';
import type { ClusterClient } from './cluster-client.ts';
import type { GroupDescription } from './consumer-groups.ts';
import { isUnsupportedApiError } from './kafka-error-message.ts';

type DescribedGroup = Awaited<ReturnType<typeof consumerGroupDescribeV0.api.async>>['groups'][number];

/** Maps a ConsumerGroupDescribe answer onto the console's description: the assignor stands for the protocol. */
export function fromConsumerGroupDescribe(group: DescribedGroup): GroupDescription {
  return {
    groupId: group.groupId,
    state: group.groupState,
    protocolType: 'consumer',
    type: 'consumer',
    protocol: group.assignorName,
    members: group.members.map((member) => ({
      memberId: member.memberId,
      groupInstanceId: member.instanceId ?? null,
      clientId: member.clientId,
      clientHost: member.clientHost,
      assignments: member.assignment.topicPartitions
        .map((topic) => ({ topic: topic.topicName, partitions: [...topic.partitions].sort((a, b) => a - b) }))
        .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)),
    })),
  };
}

export async function describeKip848Groups(client: ClusterClient, groupIds: string[]): Promise<Map<string, GroupDescription>> {
  const described = new Map<string, GroupDescription>();
  if (groupIds.length === 0) return described;
  const coordinators = await client.call('find group coordinators', () =>
    client.admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: groupIds }),
  );
  const byBroker = new Map<string, { host: string; port: number; groupIds: string[] }>();
  for (const { key, host, port } of coordinators) {
    const entry = byBroker.get(`${host}:${port}`) ?? { host, port, groupIds: [] };
    entry.groupIds.push(key);
    byBroker.set(`${host}:${port}`, entry);
  }
  for (const { host, port, groupIds: ids } of byBroker.values()) {
    let answer: Awaited<ReturnType<typeof consumerGroupDescribeV0.api.async>>;
    try {
      const connection = await client.brokerConnection(host, port);
      answer = await consumerGroupDescribeV0.api.async(connection, ids, false);
    } catch (error) {
      if (isUnsupportedApiError(error)) return described;
      // A group the API does not know makes the whole answer an error in the codec: those groups stay Dead.
      const groups = (error as { response?: { groups?: DescribedGroup[] } }).response?.groups;
      if (groups === undefined) throw error;
      answer = { throttleTimeMs: 0, groups };
    }
    for (const group of answer.groups) if (group.errorCode === 0) described.set(group.groupId, fromConsumerGroupDescribe(group));
  }
  return described;
}
