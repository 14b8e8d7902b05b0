// Integration: the console's group reads understand KIP-848 consumer groups (group.protocol=consumer),
// which DescribeGroups answers Dead: a member joined with a real ConsumerGroupHeartbeat (@platformatic/kafka's
// codec) is listed with its type and described through ConsumerGroupDescribe, beside a classic group.
import { randomUUID } from 'node:crypto';
import { consumerGroupHeartbeatV1, FindCoordinatorKeyTypes } from '@platformatic/kafka';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../test-support/test-cluster.ts';
import { ClusterClient } from './cluster-client.ts';
import { alterCommittedOffsets, describeConsumerGroups, listConsumerGroups } from './consumer-groups.ts';

let cluster: TestCluster;
let client: ClusterClient;
const suffix = Date.now().toString(36);
const topic = `kip848-console-${suffix}`;
const groupId = `kip848-console-${suffix}`;
const classicGroupId = `classic-console-${suffix}`;
const memberId = randomUUID();

beforeAll(async () => {
  cluster = await startTestCluster();
  client = new ClusterClient('test', { bootstrapServers: [cluster.bootstrap] });
  await client.admin.createTopics({ topics: [topic], partitions: 4, replicas: 1 });
}, 180_000);
afterAll(async () => {
  await client?.close();
  await cluster?.stop();
});

/**
 * One ConsumerGroupHeartbeat, after FindCoordinator as clients do (on Kafka it creates __consumer_offsets); a
 * coordinator still loading is waited for.
 */
async function heartbeat(memberEpoch: number, subscribed: string[] | null) {
  await client.admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [groupId] });
  for (let attempt = 0; ; attempt++) {
    try {
      const connection = await client.rawConnection();
      return await consumerGroupHeartbeatV1.api.async(
        connection,
        groupId,
        memberId,
        memberEpoch,
        null,
        null,
        memberEpoch === 0 ? 30_000 : -1,
        subscribed,
        null,
        null,
        memberEpoch === 0 ? [] : null,
      );
    } catch (error) {
      if (attempt >= 180) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

it('lists a KIP-848 group with its type and describes its members and assignments through ConsumerGroupDescribe', async () => {
  const joined = await heartbeat(0, [topic]);
  expect(joined.errorCode).toBe(0);
  await alterCommittedOffsets(client, classicGroupId, [{ topic, partition: 0, offset: 0 }]);

  const listed = await listConsumerGroups(client);
  expect(listed.find((group) => group.groupId === groupId)).toMatchObject({ type: 'consumer', protocolType: 'consumer' });
  expect(listed.find((group) => group.groupId === classicGroupId)).toMatchObject({ type: 'classic', state: 'Empty' });

  const described = await describeConsumerGroups(client, [groupId, classicGroupId, `missing-${suffix}`]);
  expect(described.get(groupId)).toEqual({
    groupId,
    state: 'Stable',
    protocolType: 'consumer',
    type: 'consumer',
    protocol: 'uniform',
    members: [
      {
        memberId,
        groupInstanceId: null,
        clientId: expect.any(String),
        clientHost: expect.any(String),
        assignments: [{ topic, partitions: [0, 1, 2, 3] }],
      },
    ],
  });
  expect(described.get(classicGroupId)).toMatchObject({ state: 'Empty', type: 'classic', members: [] });
  expect(described.get(`missing-${suffix}`)?.state).toBe('Dead');

  const left = await heartbeat(-1, null);
  expect(left.memberEpoch).toBe(-1);
  expect((await describeConsumerGroups(client, [groupId])).get(groupId)).toMatchObject({ state: 'Empty', type: 'consumer', members: [] });
}, 120_000);
