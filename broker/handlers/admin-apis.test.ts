import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { decodeBatchRecords } from '../log/batch-records.ts';

let fixture: TestBroker;
let client: ProtocolTestClient;

beforeAll(async () => {
  fixture = await startTestBroker();
  client = await fixture.connect();
});
afterAll(async () => fixture.stop());

const createTopic = (name: string, numPartitions = 1, extra: Record<string, unknown> = {}, version = 7) =>
  client.request(19, version, {
    topics: [{ name, numPartitions, replicationFactor: -1, assignments: [], configs: [], ...extra }],
    timeoutMs: 5000,
    validateOnly: false,
  });

describe('ApiVersions', () => {
  it('advertises the versions librdkafka probes for its features', async () => {
    const response = await client.request(18, 3, { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
    expect(response.errorCode).toBe(0);
    const range = (key: number) => response.apiKeys.find((api: { apiKey: number }) => api.apiKey === key);
    expect(range(0)).toMatchObject({ minVersion: 0 }); // Produce v0: librdkafka compresses only then
    expect(range(0).maxVersion).toBeGreaterThanOrEqual(7);
    expect(range(1).minVersion).toBeLessThanOrEqual(4);
    expect(range(1).maxVersion).toBeGreaterThanOrEqual(10);
    expect(range(10)).toMatchObject({ minVersion: 0 }); // FindCoordinator v0: LZ4 and coordinator lookups
    expect(range(22)).toMatchObject({ minVersion: 0 });
    expect(range(2).minVersion).toBeLessThanOrEqual(1);
  });

  it('answers every version from 0 to 4', async () => {
    for (let version = 0; version <= 4; version++) {
      const body = version >= 3 ? { clientSoftwareName: 'samsa-test', clientSoftwareVersion: '1.0' } : {};
      const response = await client.request(18, version, body);
      expect(response.errorCode, `v${version}`).toBe(0);
      expect(response.apiKeys.length).toBeGreaterThan(5);
    }
  });

  it('answers an unknown ApiVersions version with a v0 body carrying UNSUPPORTED_VERSION', async () => {
    const header = Buffer.alloc(8 + 2 + 4);
    header.writeInt16BE(18, 0);
    header.writeInt16BE(99, 2);
    header.writeInt32BE(4242, 4);
    header.writeInt16BE(4, 8);
    header.write('test', 10);
    const raw = await client.sendFrame(header);
    expect(raw.readInt32BE(0)).toBe(4242); // response header v0: just the correlation id
    expect(raw.readInt16BE(4)).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(raw.readInt32BE(6)).toBe(1); // one entry: ApiVersions itself
    expect([raw.readInt16BE(10), raw.readInt16BE(12), raw.readInt16BE(14)]).toEqual([18, 0, 4]);
  });

  it('refuses client software names with characters Kafka does not allow', async () => {
    const response = await client.request(18, 3, { clientSoftwareName: 'bad name!', clientSoftwareVersion: '1' });
    expect(response.errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });
});

describe('CreateTopics and Metadata', () => {
  it('creates a topic that Metadata then describes with this broker as leader of every partition', async () => {
    const created = await createTopic('orders', 3);
    expect(created.topics[0]).toMatchObject({ name: 'orders', errorCode: 0, numPartitions: 3, replicationFactor: 1 });
    const metadata = await client.request(3, 12, {
      topics: [{ topicId: '00000000-0000-0000-0000-000000000000', name: 'orders' }],
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    const topic = metadata.topics[0];
    expect(topic.errorCode).toBe(0);
    expect(topic.topicId).toBe(created.topics[0].topicId);
    expect(topic.partitions.map((partition: { partitionIndex: number }) => partition.partitionIndex)).toEqual([0, 1, 2]);
    expect(topic.partitions[0]).toMatchObject({ leaderId: 1, replicaNodes: [1], isrNodes: [1] });
    expect(metadata.brokers).toEqual([expect.objectContaining({ nodeId: 1, host: '127.0.0.1', port: fixture.broker.port })]);
    expect(metadata.clusterId).toBe(fixture.broker.clusterId);
  });

  it('lists all topics for Metadata v0 with an empty list and v1 with a null list', async () => {
    await createTopic('listed');
    const v0 = await client.request(3, 0, { topics: [] });
    expect(v0.topics.map((topic: { name: string }) => topic.name)).toContain('listed');
    const v1 = await client.request(3, 1, { topics: null });
    expect(v1.topics.map((topic: { name: string }) => topic.name)).toContain('listed');
    const none = await client.request(3, 1, { topics: [] });
    expect(none.topics).toEqual([]);
  });

  it('answers unknown and invalid topic names with UNKNOWN_TOPIC_OR_PARTITION and INVALID_TOPIC_EXCEPTION', async () => {
    const metadata = await client.request(3, 4, { topics: [{ name: 'missing' }, { name: 'bad name' }], allowAutoTopicCreation: true });
    expect(metadata.topics.map((topic: { errorCode: number }) => topic.errorCode)).toEqual([
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.INVALID_TOPIC_EXCEPTION,
    ]);
    expect((await client.request(3, 1, { topics: null })).topics.map((topic: { name: string }) => topic.name)).not.toContain('missing');
  });

  it('refuses replication factor 2, bad names, duplicates, bad partition counts and bad configs as Kafka does', async () => {
    expect((await createTopic('rf2', 1, { replicationFactor: 2 })).topics[0].errorCode).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
    expect((await createTopic('bad/name')).topics[0].errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect((await createTopic('x'.repeat(250))).topics[0].errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect((await createTopic('zero', 0)).topics[0].errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    expect((await createTopic('orders')).topics[0].errorCode).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    await createTopic('a.b');
    expect((await createTopic('a_b')).topics[0].errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    const badConfig = await createTopic('cfg', 1, { configs: [{ name: 'retention.ms', value: 'soon' }] });
    expect(badConfig.topics[0].errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect(badConfig.topics[0].errorMessage).toContain('retention.ms');
    const unknownConfig = await createTopic('cfg', 1, { configs: [{ name: 'no.such.config', value: '1' }] });
    expect(unknownConfig.topics[0].errorCode).toBe(ErrorCode.INVALID_CONFIG);
    const metadata = await client.request(3, 1, { topics: null });
    const names = metadata.topics.map((topic: { name: string }) => topic.name);
    for (const refused of ['rf2', 'zero', 'a_b', 'cfg']) expect(names).not.toContain(refused);
  });

  it('validates without creating when validateOnly is set, and reports the effective configs', async () => {
    const response = await client.request(19, 7, {
      topics: [
        {
          name: 'dry-run',
          numPartitions: 2,
          replicationFactor: 1,
          assignments: [],
          configs: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
      timeoutMs: 1000,
      validateOnly: true,
    });
    expect(response.topics[0]).toMatchObject({ errorCode: 0, numPartitions: 2 });
    const policy = response.topics[0].configs.find((config: { name: string }) => config.name === 'cleanup.policy');
    expect(policy).toMatchObject({ value: 'compact', configSource: 1 });
    const metadata = await client.request(3, 1, { topics: [{ name: 'dry-run' }] });
    expect(metadata.topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('auto-creates topics on Metadata only when the broker allows it', async () => {
    const autoFixture = await startTestBroker({ autoCreateTopics: true, defaultNumPartitions: 2 });
    try {
      const autoClient = await autoFixture.connect();
      const refused = await autoClient.request(3, 9, {
        topics: [{ name: 'auto' }],
        allowAutoTopicCreation: false,
        includeTopicAuthorizedOperations: false,
      });
      expect(refused.topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      const created = await autoClient.request(3, 9, {
        topics: [{ name: 'auto' }],
        allowAutoTopicCreation: true,
        includeTopicAuthorizedOperations: false,
      });
      expect(created.topics[0]).toMatchObject({ errorCode: 0, name: 'auto' });
      expect(created.topics[0].partitions).toHaveLength(2);
    } finally {
      await autoFixture.stop();
    }
  });
});

describe('DeleteTopics, CreatePartitions, DescribeCluster, InitProducerId', () => {
  it('deletes a topic by name and by id, and the name can be reused at once', async () => {
    const first = await createTopic('doomed');
    expect(
      (await client.request(20, 5, { topicNames: ['doomed', 'never-was'], timeoutMs: 1000 })).responses.map(
        (r: { errorCode: number }) => r.errorCode,
      ),
    ).toEqual([0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    const again = await createTopic('doomed');
    expect(again.topics[0].errorCode).toBe(0);
    expect(again.topics[0].topicId).not.toBe(first.topics[0].topicId);
    const byId = await client.request(20, 6, { topics: [{ name: null, topicId: again.topics[0].topicId }], timeoutMs: 1000 });
    expect(byId.responses[0]).toMatchObject({ errorCode: 0, name: 'doomed' });
    const metadata = await client.request(3, 1, { topics: [{ name: 'doomed' }] });
    expect(metadata.topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('adds partitions and refuses to shrink', async () => {
    await createTopic('growing', 2);
    const grow = await client.request(37, 3, {
      topics: [{ name: 'growing', count: 5, assignments: null }],
      timeoutMs: 1000,
      validateOnly: false,
    });
    expect(grow.results[0].errorCode).toBe(0);
    const shrink = await client.request(37, 3, {
      topics: [{ name: 'growing', count: 3, assignments: null }],
      timeoutMs: 1000,
      validateOnly: false,
    });
    expect(shrink.results[0].errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    const metadata = await client.request(3, 1, { topics: [{ name: 'growing' }] });
    expect(metadata.topics[0].partitions).toHaveLength(5);
  });

  it('describes the cluster as this one broker, which is also the controller', async () => {
    const response = await client.request(60, 1, { includeClusterAuthorizedOperations: false, endpointType: 1 });
    expect(response).toMatchObject({ errorCode: 0, controllerId: 1, clusterId: fixture.broker.clusterId });
    expect(response.brokers).toEqual([expect.objectContaining({ brokerId: 1, port: fixture.broker.port })]);
  });

  it('finds itself as the coordinator for groups, in the single and the batched form', async () => {
    const single = await client.request(10, 1, { key: 'my-group', keyType: 0 });
    expect(single).toMatchObject({ errorCode: 0, nodeId: 1, port: fixture.broker.port });
    const batched = await client.request(10, 4, { keyType: 0, coordinatorKeys: ['g1', 'g2'] });
    expect(batched.coordinators.map((c: { key: string; nodeId: number }) => [c.key, c.nodeId])).toEqual([
      ['g1', 1],
      ['g2', 1],
    ]);
  });

  it('hands out distinct producer ids that are never reused after a restart', async () => {
    const ids = new Set<bigint>();
    for (let i = 0; i < 3; i++) {
      const response = await client.request(22, 4, {
        transactionalId: null,
        transactionTimeoutMs: 60000,
        producerId: -1n,
        producerEpoch: -1,
      });
      expect(response).toMatchObject({ errorCode: 0, producerEpoch: 0 });
      ids.add(response.producerId);
    }
    expect(ids.size).toBe(3);
    await fixture.restart();
    client = await fixture.connect();
    const after = await client.request(22, 4, { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1n, producerEpoch: -1 });
    expect(ids.has(after.producerId)).toBe(false);
    expect(after.producerId).toBeGreaterThan([...ids].reduce((a, b) => (a > b ? a : b)));
  });

  it('keeps topics, partitions and ids across a restart', async () => {
    const before = await client.request(3, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    await fixture.restart();
    client = await fixture.connect();
    const after = await client.request(3, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    const summary = (response: typeof before) =>
      response.topics
        .map((topic: { name: string; topicId: string; partitions: unknown[] }) => [topic.name, topic.topicId, topic.partitions.length])
        .sort();
    expect(summary(after)).toEqual(summary(before));
    expect(after.clusterId).toBe(before.clusterId);
  });
});

describe('admin change records', () => {
  it('records topic changes made over the protocol in __samsa_admin_changes, naming the client', async () => {
    await createTopic('audited', 1);
    await client.request(37, 3, { topics: [{ name: 'audited', count: 2, assignments: null }], timeoutMs: 1000, validateOnly: false });
    await client.request(20, 5, { topicNames: ['audited'], timeoutMs: 1000 });
    const fetched = await client.request(1, 12, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: '__samsa_admin_changes',
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: -1,
              fetchOffset: 0n,
              lastFetchedEpoch: -1,
              logStartOffset: -1n,
              partitionMaxBytes: 1 << 20,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    const records: Buffer = fetched.responses[0].partitions[0].records;
    const events = [];
    for (let position = 0; position < records.length; ) {
      const size = records.readInt32BE(position + 8) + 12;
      for (const record of decodeBatchRecords(records.subarray(position, position + size)) ?? [])
        events.push(JSON.parse(record.value!.toString()));
      position += size;
    }
    const audited = events.filter((event) => event.resource === 'audited');
    expect(audited.map((event) => event.action)).toEqual(['topic.create', 'topic.createPartitions', 'topic.delete']);
    expect(audited[0]).toMatchObject({ clientId: 'samsa-test', parameters: { partitions: 1 } });
    expect(audited[1].parameters).toEqual({ from: 1, to: 2 });
    expect(audited[2].clientAddress).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});
