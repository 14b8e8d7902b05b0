// Regression (issue 11 finding 1): one CreateTopics of 10,000 partitions ran the broker out of file
// descriptors, left a half-created topic and kept it from starting again. Requests over the partition
// limits are now refused whole, as Kafka 4.3 refuses them, and the broker keeps serving.
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';

let fixture: TestBroker | null = null;
afterEach(async () => {
  await fixture?.stop();
  fixture = null;
});

function createTopics(
  client: ProtocolTestClient,
  topics: Array<{ name: string; numPartitions: number; configs?: Array<{ name: string; value: string }> }>,
  validateOnly = false,
) {
  return client.request(19, 7, {
    topics: topics.map((topic) => ({ replicationFactor: -1, assignments: [], configs: [], ...topic })),
    timeoutMs: 30_000,
    validateOnly,
  });
}

function createPartitions(client: ProtocolTestClient, name: string, count: number) {
  return client.request(37, 3, { topics: [{ name, count, assignments: null }], timeoutMs: 30_000, validateOnly: false });
}

async function topicNames(client: ProtocolTestClient): Promise<string[]> {
  const metadata = await client.request(3, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
  return metadata.topics.map((topic: { name: string }) => topic.name);
}

async function partitionDirs(dataDir: string, topic: string): Promise<string[]> {
  return (await readdir(dataDir)).filter((name) => name.startsWith(`${topic}-`));
}

describe('partition limits', () => {
  it('refuses a 10,000-partition topic whole with POLICY_VIOLATION, keeps serving and restarts', async () => {
    fixture = await startTestBroker();
    const client = await fixture.connect();
    const response = await createTopics(client, [{ name: 'wide', numPartitions: 10_000 }]);
    expect(response.topics[0]).toMatchObject({ name: 'wide', errorCode: ErrorCode.POLICY_VIOLATION });
    expect(response.topics[0].errorMessage).toMatch(/Unable to perform excessively large batch operation.*10000 per request/);
    expect(await partitionDirs(fixture.dataDir, 'wide')).toEqual([]);
    expect(await topicNames(client)).not.toContain('wide');

    const after = await createTopics(client, [{ name: 'narrow', numPartitions: 3 }]);
    expect(after.topics[0].errorCode).toBe(ErrorCode.NONE);
    await fixture.restart();
    expect(await topicNames(await fixture.connect())).toContain('narrow');
  });

  it('refuses a request whose topics ask for more than 10,000 partitions together, every topic of it', async () => {
    fixture = await startTestBroker();
    const client = await fixture.connect();
    const response = await createTopics(client, [
      { name: 'half-a', numPartitions: 6000 },
      { name: 'half-b', numPartitions: 6000 },
    ]);
    expect(response.topics.map((topic: { errorCode: number }) => topic.errorCode)).toEqual([
      ErrorCode.POLICY_VIOLATION,
      ErrorCode.POLICY_VIOLATION,
    ]);
    expect(response.topics[0].errorMessage).toMatch(/Excessively large number of partitions per request: 12000/);
    expect(await topicNames(client)).not.toContain('half-a');
  });

  it('answers INVALID_PARTITIONS over max.partitions.per.topic, for CreateTopics and CreatePartitions', async () => {
    fixture = await startTestBroker({ maxPartitionsPerTopic: 20 });
    const client = await fixture.connect();
    const tooWide = await createTopics(client, [{ name: 'per-topic', numPartitions: 21 }]);
    expect(tooWide.topics[0]).toMatchObject({ errorCode: ErrorCode.INVALID_PARTITIONS });
    expect(tooWide.topics[0].errorMessage).toMatch(/limit of 20 partitions per topic \(max\.partitions\.per\.topic\)/);
    expect((await createTopics(client, [{ name: 'per-topic', numPartitions: 20 }])).topics[0].errorCode).toBe(ErrorCode.NONE);
    const grow = await createPartitions(client, 'per-topic', 21);
    expect(grow.results[0]).toMatchObject({ errorCode: ErrorCode.INVALID_PARTITIONS });
    expect(await partitionDirs(fixture.dataDir, 'per-topic')).toHaveLength(20);
  });

  it('answers POLICY_VIOLATION over max.broker.partitions, counting every topic of the request', async () => {
    // The broker's own internal topics count too; created lazily, so none exist yet here.
    fixture = await startTestBroker({ maxPartitions: 30 });
    const client = await fixture.connect();
    const response = await createTopics(client, [
      { name: 'first', numPartitions: 20 },
      { name: 'second', numPartitions: 20 },
    ]);
    expect(response.topics[0].errorCode).toBe(ErrorCode.NONE);
    expect(response.topics[1]).toMatchObject({ errorCode: ErrorCode.POLICY_VIOLATION });
    expect(response.topics[1].errorMessage).toMatch(/over its limit of 30 \(max\.broker\.partitions\)/);
    expect((await createPartitions(client, 'first', 31)).results[0].errorCode).toBe(ErrorCode.POLICY_VIOLATION);
    expect((await createPartitions(client, 'first', 25)).results[0].errorCode).toBe(ErrorCode.NONE);
    expect(await partitionDirs(fixture.dataDir, 'second')).toEqual([]);
  });

  it('reports its limits as read-only broker configs', async () => {
    fixture = await startTestBroker({ maxPartitions: 60_000, maxPartitionsPerTopic: 500, maxOpenFiles: 1000 });
    const client = await fixture.connect();
    const described = await client.request(32, 4, {
      resources: [
        {
          resourceType: 4,
          resourceName: '1',
          configurationKeys: ['max.broker.partitions', 'max.partitions.per.topic', 'max.partitions.per.request', 'max.open.files'],
        },
      ],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    const values = Object.fromEntries(
      described.results[0].configs.map((config: { name: string; value: string }) => [config.name, config.value]),
    );
    expect(values).toEqual({
      'max.broker.partitions': '60000',
      'max.partitions.per.topic': '500',
      'max.partitions.per.request': '10000',
      'max.open.files': '1000',
    });
  });
});
