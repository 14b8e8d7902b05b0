// KIP-848 consumer groups through the real broker: ConsumerGroupHeartbeat and ConsumerGroupDescribe over the
// wire, the group's records in __consumer_offsets, and a restart (the log replayed) that brings the group
// back with its epochs and assignments, its member carrying on without rejoining.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consumerHeartbeatRequest } from '../coordinator/test-support.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';

let fixture: TestBroker;
let client: ProtocolTestClient;
let topicId: string;
const member = consumerHeartbeatRequest({ groupId: 'g-kip848', serverAssignor: 'range' });
const memberId = member.memberId;

beforeAll(async () => {
  fixture = await startTestBroker();
  client = await fixture.connect();
  const created = await client.request(19, 7, {
    topics: [{ name: 'orders', numPartitions: 3, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  topicId = created.topics[0].topicId;
});
afterAll(async () => {
  await fixture?.stop();
});

const heartbeat = (c: ProtocolTestClient, body: object) => c.request(68, 1, { ...member, ...body });

const describeGroup = async (c: ProtocolTestClient) =>
  (await c.request(69, 1, { groupIds: ['g-kip848'], includeAuthorizedOperations: false })).groups[0];

it('keeps a consumer group across a restart: epochs, members and assignments come back and the member carries on', async () => {
  const joined = await heartbeat(client, {});
  expect(joined).toMatchObject({ errorCode: 0, memberId, memberEpoch: 1, heartbeatIntervalMs: 5000 });
  expect(joined.assignment.topicPartitions).toEqual([{ topicId, partitions: [0, 1, 2] }]);
  const commit = await client.request(8, 9, {
    groupId: 'g-kip848',
    generationIdOrMemberEpoch: 1,
    memberId,
    groupInstanceId: null,
    topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, committedOffset: 7n, committedLeaderEpoch: -1, committedMetadata: '' }] }],
  });
  expect(commit.topics[0].partitions[0].errorCode).toBe(0);
  const before = await describeGroup(client);
  expect(before).toMatchObject({ errorCode: 0, groupState: 'Stable', groupEpoch: 1, assignmentEpoch: 1, assignorName: 'range' });

  await fixture.restart();
  client = await fixture.connect();
  const after = await describeGroup(client);
  expect(after).toEqual(before);
  const listed = await client.request(16, 5, { statesFilter: [], typesFilter: ['consumer'] });
  expect(listed.groups).toContainEqual({ groupId: 'g-kip848', protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' });
  // The member heartbeats with the epoch it had: no rejoin, no new epoch.
  const carriedOn = await heartbeat(client, {
    memberEpoch: 1,
    rebalanceTimeoutMs: -1,
    subscribedTopicNames: null,
    serverAssignor: null,
    topicPartitions: [{ topicId, partitions: [0, 1, 2] }],
  });
  expect(carriedOn).toMatchObject({ errorCode: 0, memberEpoch: 1 });
  const fetched = await client.request(9, 9, {
    groups: [{ groupId: 'g-kip848', memberId, memberEpoch: 1, topics: [{ name: 'orders', partitionIndexes: [1] }] }],
    requireStable: false,
  });
  expect(fetched.groups[0].topics[0].partitions[0]).toMatchObject({ errorCode: 0, committedOffset: 7n });

  // Leaving empties the group; deleting it writes tombstones, so a restart does not bring it back.
  expect(
    (await heartbeat(client, { memberEpoch: -1, rebalanceTimeoutMs: -1, subscribedTopicNames: null, topicPartitions: null })).errorCode,
  ).toBe(0);
  expect((await client.request(42, 2, { groupsNames: ['g-kip848'] })).results[0].errorCode).toBe(0);
  await fixture.restart();
  client = await fixture.connect();
  expect((await describeGroup(client)).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
});
