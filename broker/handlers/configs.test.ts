import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { buildRecordBatch, type RecordToBuild } from '../protocol/record-batch-builder.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { decodeBatchRecords } from '../log/batch-records.ts';

let fixture: TestBroker;
let client: ProtocolTestClient;

beforeAll(async () => {
  fixture = await startTestBroker({ retentionCheckIntervalMs: 100, logCleanerBackoffMs: 100 });
  client = await fixture.connect();
});
afterAll(async () => fixture.stop());

const TOPIC = 2;
const BROKER = 4;
const [SET, DELETE, APPEND, SUBTRACT] = [0, 1, 2, 3];

async function createTopic(name: string, configs: Record<string, string> = {}): Promise<void> {
  const response = await client.request(19, 7, {
    topics: [
      {
        name,
        numPartitions: 1,
        replicationFactor: -1,
        assignments: [],
        configs: Object.entries(configs).map(([n, value]) => ({ name: n, value })),
      },
    ],
    timeoutMs: 5000,
    validateOnly: false,
  });
  expect(response.topics[0].errorCode).toBe(0);
}

async function incremental(
  name: string,
  configs: Array<[string, number, string | null]>,
  options: { validateOnly?: boolean; resourceType?: number } = {},
) {
  const response = await client.request(44, 1, {
    resources: [
      {
        resourceType: options.resourceType ?? TOPIC,
        resourceName: name,
        configs: configs.map(([n, configOperation, value]) => ({ name: n, configOperation, value })),
      },
    ],
    validateOnly: options.validateOnly ?? false,
  });
  return response.responses[0] as { errorCode: number; errorMessage: string | null };
}

async function describe1(name: string): Promise<Map<string, { value: string; configSource: number }>> {
  const response = await client.request(32, 4, {
    resources: [{ resourceType: TOPIC, resourceName: name, configurationKeys: null }],
    includeSynonyms: false,
    includeDocumentation: false,
  });
  return new Map(response.results[0].configs.map((config: { name: string; value: string; configSource: number }) => [config.name, config]));
}

function produce(topic: string, records: RecordToBuild[]) {
  return client
    .request(0, 9, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 5000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records: buildRecordBatch({ records }) }] }],
    })
    .then((response) => response.responses[0].partitionResponses[0]);
}

async function earliestOffset(topic: string): Promise<bigint> {
  const response = await client.request(2, 7, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2n, maxNumOffsets: 1 }] }],
  });
  return response.topics[0].partitions[0].offset;
}

/** Offsets of every record of partition 0, by fetching from the start until the end. */
async function fetchOffsets(topic: string): Promise<number[]> {
  const offsets: number[] = [];
  let fetchOffset = 0n;
  for (let guard = 0; guard < 100; guard++) {
    const response = await client.request(1, 12, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 1_000_000,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic,
          partitions: [
            { partition: 0, currentLeaderEpoch: -1, fetchOffset, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1_000_000 },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    const records: Buffer | null = response.responses[0].partitions[0].records;
    if (records === null || records.length === 0) return offsets;
    for (let position = 0; position < records.length; position += records.readInt32BE(position + 8) + 12) {
      const batch = records.subarray(position, position + records.readInt32BE(position + 8) + 12);
      for (const record of decodeBatchRecords(batch) ?? []) offsets.push(Number(record.offset));
      fetchOffset = batch.readBigInt64BE(0) + BigInt(batch.readInt32BE(23)) + 1n;
    }
  }
  return offsets;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('IncrementalAlterConfigs', () => {
  it('sets, appends to, subtracts from and deletes topic configs, as DescribeConfigs then shows', async () => {
    await createTopic('inc');
    expect(
      await incremental('inc', [
        ['retention.ms', SET, '3600000'],
        ['cleanup.policy', APPEND, 'compact'],
      ]),
    ).toMatchObject({ errorCode: 0 });
    let described = await describe1('inc');
    expect(described.get('retention.ms')).toMatchObject({ value: '3600000', configSource: 1 });
    expect(described.get('cleanup.policy')?.value).toBe('delete,compact');
    expect(
      await incremental('inc', [
        ['cleanup.policy', SUBTRACT, 'delete'],
        ['retention.ms', DELETE, null],
      ]),
    ).toMatchObject({ errorCode: 0 });
    described = await describe1('inc');
    expect(described.get('cleanup.policy')?.value).toBe('compact');
    expect(described.get('retention.ms')).toMatchObject({ value: '604800000', configSource: 5 });
  });

  it('refuses invalid values, APPEND on non-list configs and unknown topics with Kafka error codes', async () => {
    await createTopic('strict');
    const bad = await incremental('strict', [['retention.ms', SET, 'soon']]);
    expect(bad.errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect(bad.errorMessage).toContain('retention.ms');
    expect((await incremental('strict', [['retention.ms', APPEND, '5']])).errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect((await incremental('strict', [['no.such.config', SET, '1']])).errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect(
      (
        await incremental('strict', [
          ['min.compaction.lag.ms', SET, '10'],
          ['max.compaction.lag.ms', SET, '5'],
        ])
      ).errorCode,
    ).toBe(ErrorCode.INVALID_CONFIG);
    expect(
      (
        await incremental('strict', [
          ['retention.ms', SET, '1'],
          ['retention.ms', SET, '2'],
        ])
      ).errorCode,
    ).toBe(ErrorCode.INVALID_REQUEST);
    expect((await incremental('missing-topic', [['retention.ms', SET, '1']])).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await describe1('strict')).get('retention.ms')?.configSource).toBe(5);
  });

  it('changes nothing with validate_only', async () => {
    await createTopic('dry-run');
    expect((await incremental('dry-run', [['retention.ms', SET, '1000']], { validateOnly: true })).errorCode).toBe(0);
    expect((await describe1('dry-run')).get('retention.ms')?.value).toBe('604800000');
  });

  it('refuses changes of static broker configs as Kafka does', async () => {
    const refused = await incremental('1', [['num.partitions', SET, '3']], { resourceType: BROKER });
    expect(refused.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(refused.errorMessage).toContain('Cannot update these configs dynamically');
  });

  it('keeps changes across a restart', async () => {
    await createTopic('durable-config');
    await incremental('durable-config', [['segment.ms', SET, '123456']]);
    await fixture.restart();
    client = await fixture.connect();
    expect((await describe1('durable-config')).get('segment.ms')?.value).toBe('123456');
  });
});

describe('AlterConfigs', () => {
  it('replaces every dynamic config of the topic with the request set', async () => {
    await createTopic('legacy', { 'retention.ms': '1000', 'segment.ms': '5000' });
    const response = await client.request(33, 2, {
      resources: [{ resourceType: TOPIC, resourceName: 'legacy', configs: [{ name: 'retention.bytes', value: '1048576' }] }],
      validateOnly: false,
    });
    expect(response.responses[0].errorCode).toBe(0);
    const described = await describe1('legacy');
    expect(described.get('retention.bytes')).toMatchObject({ value: '1048576', configSource: 1 });
    expect(described.get('retention.ms')?.configSource).toBe(5);
    expect(described.get('segment.ms')?.configSource).toBe(5);
  });
});

describe('configs enforced on produce, applied live', () => {
  it('max.message.bytes: a lowered limit refuses bigger batches at once', async () => {
    await createTopic('small-messages');
    expect((await produce('small-messages', [{ value: 'x'.repeat(500) }])).errorCode).toBe(0);
    await incremental('small-messages', [['max.message.bytes', SET, '200']]);
    expect((await produce('small-messages', [{ value: 'x'.repeat(500) }])).errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
  });

  it('message.timestamp.type=LogAppendTime stamps the broker time', async () => {
    await createTopic('append-time');
    await incremental('append-time', [['message.timestamp.type', SET, 'LogAppendTime']]);
    const before = Date.now();
    const response = await produce('append-time', [{ value: 'v', timestampMs: 1000 }]);
    expect(Number(response.logAppendTimeMs)).toBeGreaterThanOrEqual(before);
  });

  it('a timestamp out of range lists the record with its offset and answers INVALID_TIMESTAMP for the batch', async () => {
    await createTopic('timed-batch', { 'message.timestamp.before.max.ms': '60000' });
    const oldMs = Date.now() - 3_600_000;
    const response = await produce('timed-batch', [
      { key: 'a', value: 'fresh' },
      { key: 'b', value: 'old', timestampMs: oldMs },
    ]);
    expect(response.errorCode).toBe(ErrorCode.INVALID_TIMESTAMP);
    expect(response.errorMessage).toBe('One or more records have been rejected due to invalid timestamp');
    expect(response.recordErrors).toHaveLength(1);
    expect(response.recordErrors[0].batchIndex).toBe(1);
    expect(response.recordErrors[0].batchIndexErrorMessage).toMatch(
      new RegExp(`^Timestamp ${oldMs} of message with offset 1 is out of range\\. The timestamp should be within \\[\\d+, \\d+\\]$`),
    );
  });

  it('message.timestamp.before.max.ms refuses too old records with INVALID_TIMESTAMP', async () => {
    await createTopic('fresh-only', { 'message.timestamp.before.max.ms': '60000' });
    expect((await produce('fresh-only', [{ value: 'old', timestampMs: Date.now() - 3_600_000 }])).errorCode).toBe(
      ErrorCode.INVALID_TIMESTAMP,
    );
    expect((await produce('fresh-only', [{ value: 'new' }])).errorCode).toBe(0);
  });

  it('compacted topics refuse records without a key', async () => {
    await createTopic('keyed-only', { 'cleanup.policy': 'compact' });
    expect((await produce('keyed-only', [{ key: null, value: 'v' }])).errorCode).toBe(ErrorCode.INVALID_RECORD);
    expect((await produce('keyed-only', [{ key: 'k', value: 'v' }])).errorCode).toBe(0);
  });

  it('a batch with keyless records on a compacted topic is refused whole, naming each bad record (KIP-467)', async () => {
    await createTopic('keyed-batch', { 'cleanup.policy': 'compact' });
    const records = Array.from({ length: 100 }, (_, i) => ({ key: i % 10 === 3 ? null : `k${i}`, value: `v${i}` }));
    const response = await produce('keyed-batch', records);
    expect(response.errorCode).toBe(ErrorCode.INVALID_RECORD);
    const badIndexes = Array.from({ length: 10 }, (_, i) => i * 10 + 3);
    expect(response.recordErrors).toEqual(
      badIndexes.map((batchIndex) => ({
        batchIndex,
        batchIndexErrorMessage: 'Compacted topic cannot accept message without key in topic partition keyed-batch-0',
      })),
    );
    expect(response.errorMessage).toBe(
      'One or more records have been rejected due to 10 record errors in total, and only showing the first three errors at most: ' +
        "[RecordError(batchIndex=3, message='Compacted topic cannot accept message without key in topic partition keyed-batch-0'), " +
        "RecordError(batchIndex=13, message='Compacted topic cannot accept message without key in topic partition keyed-batch-0'), " +
        "RecordError(batchIndex=23, message='Compacted topic cannot accept message without key in topic partition keyed-batch-0')]",
    );
    // Nothing of the batch was written, as in Kafka.
    expect(await fetchOffsets('keyed-batch')).toEqual([]);
  });
});

describe('retention, DeleteRecords and DescribeLogDirs', () => {
  it('retention.ms deletes old closed segments in the background, renamed .deleted first', async () => {
    await createTopic('expiring', { 'segment.ms': '1', 'file.delete.delay.ms': '300' });
    const oldMs = Date.now() - 3_600_000;
    for (let i = 0; i < 4; i++)
      expect((await produce('expiring', [{ key: `k${i}`, value: `v${i}`, timestampMs: oldMs + i * 10 }])).errorCode).toBe(0);
    expect(await earliestOffset('expiring')).toBe(0n);
    await incremental('expiring', [['retention.ms', SET, '60000']]);
    // Every record is older than retention.ms: like Kafka, even the active segment goes (after a roll).
    await waitFor(async () => (await earliestOffset('expiring')) === 4n);
    const dir = path.join(fixture.dataDir, 'expiring-0');
    // The log start offset moves before the old segments are renamed: wait for the renames, then the removal.
    await waitFor(async () => (await readdir(dir)).filter((name) => name.endsWith('.log')).length === 1);
    await waitFor(async () => !(await readdir(dir)).some((name) => name.endsWith('.deleted')));
    expect((await readdir(dir)).filter((name) => name.endsWith('.log'))).toHaveLength(1);
  });

  it('DeleteRecords moves the log start offset and refuses offsets beyond the high watermark', async () => {
    await createTopic('trimmed');
    for (let i = 0; i < 5; i++) await produce('trimmed', [{ value: `v${i}` }]);
    const remove = (offset: bigint, topic = 'trimmed') =>
      client
        .request(21, 2, { topics: [{ name: topic, partitions: [{ partitionIndex: 0, offset }] }], timeoutMs: 5000 })
        .then((response) => response.topics[0].partitions[0]);
    expect(await remove(3n)).toMatchObject({ errorCode: 0, lowWatermark: 3n });
    expect(await earliestOffset('trimmed')).toBe(3n);
    expect((await remove(99n)).errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect(await remove(-1n)).toMatchObject({ errorCode: 0, lowWatermark: 5n });
    expect((await remove(0n, 'no-such-topic')).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    await createTopic('compact-only', { 'cleanup.policy': 'compact' });
    expect((await remove(0n, 'compact-only')).errorCode).toBe(ErrorCode.POLICY_VIOLATION);
  });

  it('DescribeLogDirs reports the data directory, partition sizes and disk space', async () => {
    await createTopic('sized');
    await produce('sized', [{ value: 'x'.repeat(1000) }]);
    const response = await client.request(35, 4, { topics: [{ topic: 'sized', partitions: [0, 7] }] });
    const [dir] = response.results;
    expect(dir.logDir).toBe(path.resolve(fixture.dataDir));
    expect(dir.topics).toHaveLength(1);
    expect(dir.topics[0].partitions).toHaveLength(1);
    expect(Number(dir.topics[0].partitions[0].partitionSize)).toBeGreaterThan(1000);
    expect(dir.totalBytes).toBeGreaterThan(0n);
    const all = await client.request(35, 1, { topics: null });
    expect(all.results[0].topics.map((topic: { name: string }) => topic.name)).toContain('sized');
  });
});

describe('log cleaner in the broker', () => {
  it('compacts a compacted topic in the background to the latest value per key', async () => {
    await createTopic('latest', { 'cleanup.policy': 'compact', 'segment.ms': '1', 'min.cleanable.dirty.ratio': '0.01' });
    const base = Date.now();
    for (let i = 0; i < 6; i++) await produce('latest', [{ key: `k${i % 2}`, value: `v${i}`, timestampMs: base + i * 10 }]);
    // Six records in six segments; the cleaner keeps k1@3 and k0@4, the active segment keeps k1@5.
    await waitFor(async () => {
      if (fixture.logLines.some((line) => line.includes('cleaner failed'))) throw new Error(fixture.logLines.join('\n'));
      return (await fetchOffsets('latest')).join(',') === '3,4,5';
    });
  });
});
