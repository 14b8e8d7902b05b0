// Regression (issue 11, finding 2): any client could delete the records of __samsa_admin_changes, shorten its
// retention or add partitions to it before the console audited them, erasing the trace of a change. Every
// internal topic now refuses these writes from every client, with Kafka's INVALID_TOPIC_EXCEPTION.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { ErrorCode } from '../protocol/error-codes.ts';

let fixture: TestBroker;
let client: ProtocolTestClient;

beforeAll(async () => {
  fixture = await startTestBroker();
  client = await fixture.connect();
  // Something to delete: a topic created over the protocol is recorded in the admin-change topic.
  const created = await client.request(19, 7, {
    topics: [{ name: 'plain', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  expect(created.topics[0].errorCode).toBe(ErrorCode.NONE);
  // The coordinators create their topics on first use: a standalone offset commit and a transactional id.
  const committed = await client.request(8, 8, {
    groupId: 'creates-offsets-topic',
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [
      { name: 'plain', partitions: [{ partitionIndex: 0, committedOffset: 0n, committedLeaderEpoch: -1, committedMetadata: null }] },
    ],
  });
  expect(committed.topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
  const initialized = await client.request(22, 4, {
    transactionalId: 'creates-state-topic',
    transactionTimeoutMs: 60_000,
    producerId: -1n,
    producerEpoch: -1,
  });
  expect(initialized.errorCode).toBe(ErrorCode.NONE);
});
afterAll(async () => fixture.stop());

const TOPIC = 2;
const internalTopics = ['__samsa_admin_changes', '__consumer_offsets', '__transaction_state'];

async function partitionCount(name: string): Promise<number> {
  const metadata = await client.request(3, 12, {
    topics: [{ topicId: null, name }],
    allowAutoTopicCreation: false,
    includeTopicAuthorizedOperations: false,
  });
  expect(metadata.topics[0].errorCode).toBe(ErrorCode.NONE);
  return metadata.topics[0].partitions.length;
}

async function earliestOffset(name: string): Promise<bigint> {
  const response = await client.request(2, 7, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2n, maxNumOffsets: 1 }] }],
  });
  return response.topics[0].partitions[0].offset;
}

describe.each(internalTopics)('client writes to the internal topic %s', (name) => {
  it('refuses DeleteRecords with INVALID_TOPIC_EXCEPTION and keeps every record', async () => {
    const response = await client.request(21, 2, { topics: [{ name, partitions: [{ partitionIndex: 0, offset: -1n }] }], timeoutMs: 1000 });
    expect(response.topics[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, lowWatermark: -1n });
    expect(await earliestOffset(name)).toBe(0n);
  });

  it('refuses AlterConfigs and IncrementalAlterConfigs, validateOnly included', async () => {
    for (const validateOnly of [false, true]) {
      const altered = await client.request(33, 2, {
        resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'retention.ms', value: '1' }] }],
        validateOnly,
      });
      expect(altered.responses[0]).toMatchObject({
        errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION,
        errorMessage: `Cannot alter configs of internal topic ${name}`,
      });
      const incremental = await client.request(44, 1, {
        resources: [{ resourceType: TOPIC, resourceName: name, configs: [{ name: 'retention.ms', configOperation: 0, value: '1' }] }],
        validateOnly,
      });
      expect(incremental.responses[0].errorCode).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    }
    const described = await client.request(32, 4, {
      resources: [{ resourceType: TOPIC, resourceName: name, configurationKeys: ['retention.ms'] }],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    expect(described.results[0].configs[0].value).not.toBe('1');
  });

  it('refuses CreatePartitions and keeps its partition count', async () => {
    const before = await partitionCount(name);
    const response = await client.request(37, 3, {
      topics: [{ name, count: before + 1, assignments: null }],
      timeoutMs: 1000,
      validateOnly: false,
    });
    expect(response.results[0]).toMatchObject({
      errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION,
      errorMessage: `Cannot add partitions to internal topic ${name}.`,
    });
    expect(await partitionCount(name)).toBe(before);
  });
});

describe('the admin-change topic', () => {
  it('keeps its own retention, whatever broker-level default a client sets', async () => {
    const BROKER = 4;
    const altered = await client.request(44, 1, {
      resources: [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.retention.bytes', configOperation: 0, value: '1' }] }],
      validateOnly: false,
    });
    expect(altered.responses[0].errorCode).toBe(ErrorCode.NONE);
    const described = await client.request(32, 4, {
      resources: [{ resourceType: TOPIC, resourceName: '__samsa_admin_changes', configurationKeys: ['retention.bytes', 'retention.ms'] }],
      includeSynonyms: false,
      includeDocumentation: false,
    });
    const values = Object.fromEntries(
      described.results[0].configs.map((config: { name: string; value: string }) => [config.name, config.value]),
    );
    expect(values).toEqual({ 'retention.bytes': '-1', 'retention.ms': '604800000' });
    await client.request(44, 1, {
      resources: [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.retention.bytes', configOperation: 1, value: null }] }],
      validateOnly: false,
    });
  });
});

describe('ordinary topics', () => {
  it('still accept DeleteRecords, config changes and new partitions', async () => {
    const deleted = await client.request(21, 2, {
      topics: [{ name: 'plain', partitions: [{ partitionIndex: 0, offset: -1n }] }],
      timeoutMs: 1000,
    });
    expect(deleted.topics[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    const altered = await client.request(44, 1, {
      resources: [{ resourceType: TOPIC, resourceName: 'plain', configs: [{ name: 'retention.ms', configOperation: 0, value: '60000' }] }],
      validateOnly: false,
    });
    expect(altered.responses[0].errorCode).toBe(ErrorCode.NONE);
    const added = await client.request(37, 3, {
      topics: [{ name: 'plain', count: 2, assignments: null }],
      timeoutMs: 1000,
      validateOnly: false,
    });
    expect(added.results[0].errorCode).toBe(ErrorCode.NONE);
  });
});
