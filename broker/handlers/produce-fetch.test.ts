import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { buildRecordBatch, type RecordToBuild } from '../protocol/record-batch-builder.ts';
import { decodeBatchRecords, type DecodedRecord } from '../log/batch-records.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { Writer } from '../protocol/writer.ts';
import { writeProduceRequest } from '../protocol/generated/produce-request.ts';
import { writeRequestHeader } from '../protocol/generated/request-header.ts';

let fixture: TestBroker;
let client: ProtocolTestClient;
const topicIds = new Map<string, string>();

beforeAll(async () => {
  fixture = await startTestBroker();
  client = await fixture.connect();
});
afterAll(async () => fixture.stop());

async function createTopic(name: string, numPartitions = 1, configs: Array<{ name: string; value: string }> = []) {
  const response = await client.request(19, 7, {
    topics: [{ name, numPartitions, replicationFactor: 1, assignments: [], configs }],
    timeoutMs: 5000,
    validateOnly: false,
  });
  expect(response.topics[0].errorCode).toBe(0);
  topicIds.set(name, response.topics[0].topicId);
}

function produce(topic: string, partition: number, records: Buffer | null, options: { acks?: number; version?: number } = {}) {
  return client.request(0, options.version ?? 9, {
    transactionalId: null,
    acks: options.acks ?? -1,
    timeoutMs: 5000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  });
}

function fetch(
  topic: string,
  partition: number,
  fetchOffset: bigint,
  options: { maxWaitMs?: number; minBytes?: number; maxBytes?: number; partitionMaxBytes?: number; version?: number } = {},
) {
  const version = options.version ?? 12;
  return client.request(1, version, {
    replicaId: -1,
    maxWaitMs: options.maxWaitMs ?? 0,
    minBytes: options.minBytes ?? 1,
    maxBytes: options.maxBytes ?? 50 * 1024 * 1024,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic,
        topicId: topicIds.get(topic) ?? '00000000-0000-0000-0000-000000000000',
        partitions: [
          {
            partition,
            currentLeaderEpoch: -1,
            fetchOffset,
            lastFetchedEpoch: -1,
            logStartOffset: -1n,
            partitionMaxBytes: options.partitionMaxBytes ?? 1024 * 1024,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  });
}

/** Splits a fetched records payload into batches and decodes them. */
function decodeFetched(records: Buffer | null): DecodedRecord[] {
  const decoded: DecodedRecord[] = [];
  let position = 0;
  while (records !== null && position + 12 <= records.length) {
    const size = records.readInt32BE(position + 8) + 12;
    if (position + size > records.length) break;
    decoded.push(...(decodeBatchRecords(records.subarray(position, position + size)) ?? []));
    position += size;
  }
  return decoded;
}

const text = (buffer: Buffer | null) => buffer?.toString() ?? null;
const batchOf = (records: RecordToBuild[], extra = {}) => buildRecordBatch({ records, ...extra });

describe('Produce and Fetch', () => {
  it('assigns contiguous offsets and serves the records back byte for byte', async () => {
    await createTopic('events', 2);
    const first = await produce(
      'events',
      1,
      batchOf([
        { key: 'k1', value: 'v1' },
        { key: 'k2', value: 'v2', headers: [{ key: 'h', value: 'x' }] },
      ]),
    );
    expect(first.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 0n });
    const second = await produce('events', 1, batchOf([{ key: null, value: 'v3' }], { compression: 'gzip' }));
    expect(second.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 2n });

    const fetched = await fetch('events', 1, 0n);
    const partition = fetched.responses[0].partitions[0];
    expect(partition).toMatchObject({ errorCode: 0, highWatermark: 3n, logStartOffset: 0n, lastStableOffset: 3n });
    const records = decodeFetched(partition.records);
    expect(records.map((record) => [record.offset, text(record.key), text(record.value)])).toEqual([
      [0n, 'k1', 'v1'],
      [1n, 'k2', 'v2'],
      [2n, null, 'v3'],
    ]);
    expect(records[1].headers).toEqual([{ key: 'h', value: Buffer.from('x') }]);
    const other = await fetch('events', 0, 0n);
    expect(other.responses[0].partitions[0]).toMatchObject({ errorCode: 0, highWatermark: 0n });
  });

  it('keeps every large batch intact while request buffers are reused across pipelined produces', async () => {
    await createTopic('reused-buffers', 4);
    const clients = await Promise.all([0, 1, 2, 3].map(() => fixture.connect()));
    const expectedValue = (partition: number, batch: number, record: number) =>
      `${partition}/${batch}/${record}/`.padEnd(1000, String.fromCharCode(97 + ((batch + record) % 26)));
    // 4 connections x 12 pipelined produces of about 200 KB each: frames that span reads and come from the pool.
    const acks = clients.flatMap((producer, partition) =>
      Array.from({ length: 12 }, (_, batch) =>
        producer.request(0, 9, {
          transactionalId: null,
          acks: 1,
          timeoutMs: 5000,
          topicData: [
            {
              name: 'reused-buffers',
              partitionData: [
                {
                  index: partition,
                  records: batchOf(Array.from({ length: 200 }, (_, record) => ({ value: expectedValue(partition, batch, record) }))),
                },
              ],
            },
          ],
        }),
      ),
    );
    for (const response of await Promise.all(acks)) expect(response.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);
    for (let partition = 0; partition < 4; partition++) {
      const values: string[] = [];
      while (values.length < 12 * 200) {
        const response = await fetch('reused-buffers', partition, BigInt(values.length), { partitionMaxBytes: 4 * 1024 * 1024 });
        const records = decodeFetched(response.responses[0].partitions[0].records);
        expect(records.length).toBeGreaterThan(0);
        values.push(...records.map((record) => text(record.value)!));
      }
      expect(values).toEqual(Array.from({ length: 12 * 200 }, (_, i) => expectedValue(partition, Math.floor(i / 200), i % 200)));
    }
  });

  it('fetches by topic id from v13 on', async () => {
    const fetched = await fetch('events', 1, 2n, { version: 16 });
    expect(fetched.responses[0].topicId).toBe(topicIds.get('events'));
    expect(decodeFetched(fetched.responses[0].partitions[0].records).map((r) => text(r.value))).toEqual(['v3']);
  });

  it('sends no response for acks=0 but stores the records', async () => {
    await createTopic('fire-and-forget');
    client.send(0, 9, {
      transactionalId: null,
      acks: 0,
      timeoutMs: 1000,
      topicData: [{ name: 'fire-and-forget', partitionData: [{ index: 0, records: batchOf([{ value: 'a' }]) }] }],
    });
    const next = await client.request(18, 0, {}); // would receive the produce response if one were sent
    expect(next.errorCode).toBe(0);
    expect(next.apiKeys).toBeDefined();
    const fetched = await fetch('fire-and-forget', 0, 0n);
    expect(decodeFetched(fetched.responses[0].partitions[0].records).map((r) => text(r.value))).toEqual(['a']);
  });

  it('refuses corrupt, oversized and misaddressed batches with Kafka error codes, storing nothing', async () => {
    await createTopic('strict', 1, [{ name: 'max.message.bytes', value: '200' }]);
    const corrupt = batchOf([{ value: 'hello' }]);
    corrupt[corrupt.length - 1] ^= 0xff;
    expect((await produce('strict', 0, corrupt)).responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    const big = batchOf([{ value: 'x'.repeat(500) }]);
    expect((await produce('strict', 0, big)).responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect((await produce('nope', 0, batchOf([{ value: 'x' }]))).responses[0].partitionResponses[0].errorCode).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
    expect((await produce('strict', 7, batchOf([{ value: 'x' }]))).responses[0].partitionResponses[0].errorCode).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
    expect((await produce('strict', 0, batchOf([{ value: 'x' }]), { acks: 2 })).responses[0].partitionResponses[0].errorCode).toBe(
      ErrorCode.INVALID_REQUIRED_ACKS,
    );
    expect((await produce('__samsa_admin_changes', 0, batchOf([{ value: 'forged' }]))).responses[0].partitionResponses[0].errorCode).toBe(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
    );
    const fetched = await fetch('strict', 0, 0n);
    expect(fetched.responses[0].partitions[0].highWatermark).toBe(0n);
  });

  it('closes the connection on Produce v0-2, which it advertises (for librdkafka) but does not serve, as Kafka 4 does', async () => {
    await createTopic('legacy-produce');
    // v0-2 are v3 without the transactional id: encode v3 and cut the null transactionalId (int16 -1) out.
    const v3 = new Writer();
    writeProduceRequest(v3, 3, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: 'legacy-produce', partitionData: [{ index: 0, records: batchOf([{ value: 'x' }]) }] }],
    });
    const body = v3.toBuffer().subarray(2);
    const header = new Writer();
    writeRequestHeader(header, 1, { requestApiKey: 0, requestApiVersion: 2, correlationId: 1, clientId: 'samsa-test' });
    const legacy = await fixture.connect();
    await expect(legacy.sendFrame(Buffer.concat([header.toBuffer(), body]))).rejects.toThrow('connection closed by the broker');
    expect(legacy.closed).toBe(true);
    expect((await fetch('legacy-produce', 0, 0n)).responses[0].partitions[0].highWatermark).toBe(0n);
  });

  it('answers OFFSET_OUT_OF_RANGE beyond the log end and UNKNOWN_TOPIC_OR_PARTITION for unknown partitions', async () => {
    expect((await fetch('events', 1, 99n)).responses[0].partitions[0].errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
    expect((await fetch('missing', 0, 0n)).responses[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('returns the first batch whole even when it exceeds maxBytes, and no more', async () => {
    await createTopic('big-batches');
    await produce('big-batches', 0, batchOf([{ value: 'a'.repeat(3000) }]));
    await produce('big-batches', 0, batchOf([{ value: 'b'.repeat(3000) }]));
    const fetched = await fetch('big-batches', 0, 0n, { maxBytes: 100, partitionMaxBytes: 100 });
    expect(decodeFetched(fetched.responses[0].partitions[0].records).map((r) => r.offset)).toEqual([0n]);
  });

  it('long-polls until data arrives, and returns at maxWaitMs when none does', async () => {
    await createTopic('waiting');
    const consumer = await fixture.connect();
    const startedAt = Date.now();
    const pending = consumer.request(1, 12, {
      replicaId: -1,
      maxWaitMs: 10_000,
      minBytes: 1,
      maxBytes: 1024 * 1024,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: 'waiting',
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: -1,
              fetchOffset: 0n,
              lastFetchedEpoch: -1,
              logStartOffset: -1n,
              partitionMaxBytes: 1024 * 1024,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await produce('waiting', 0, batchOf([{ value: 'wake up' }]));
    const fetched = await pending;
    expect(Date.now() - startedAt).toBeLessThan(5000);
    expect(decodeFetched(fetched.responses[0].partitions[0].records).map((r) => text(r.value))).toEqual(['wake up']);

    const idleStart = Date.now();
    const idle = await fetch('waiting', 0, 1n, { maxWaitMs: 300 });
    expect(Date.now() - idleStart).toBeGreaterThanOrEqual(250);
    expect(decodeFetched(idle.responses[0].partitions[0].records)).toEqual([]);
  });

  it('acknowledges a duplicate idempotent batch once and refuses a sequence gap', async () => {
    await createTopic('idempotent');
    const { producerId } = await client.request(22, 4, {
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: -1n,
      producerEpoch: -1,
    });
    const batch = (baseSequence: number, value: string) => batchOf([{ value }], { producerId, producerEpoch: 0, baseSequence });
    expect((await produce('idempotent', 0, batch(0, 'one'))).responses[0].partitionResponses[0]).toMatchObject({
      errorCode: 0,
      baseOffset: 0n,
    });
    expect((await produce('idempotent', 0, batch(1, 'two'))).responses[0].partitionResponses[0]).toMatchObject({
      errorCode: 0,
      baseOffset: 1n,
    });
    expect((await produce('idempotent', 0, batch(1, 'two'))).responses[0].partitionResponses[0]).toMatchObject({
      errorCode: 0,
      baseOffset: 1n,
    });
    expect((await produce('idempotent', 0, batch(5, 'gap'))).responses[0].partitionResponses[0].errorCode).toBe(
      ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    );
    const fetched = await fetch('idempotent', 0, 0n);
    expect(decodeFetched(fetched.responses[0].partitions[0].records).map((r) => text(r.value))).toEqual(['one', 'two']);
  });

  it('lists earliest, latest, by-timestamp and max-timestamp offsets', async () => {
    await createTopic('timeline');
    await produce(
      'timeline',
      0,
      batchOf([
        { value: 'a', timestampMs: 1000 },
        { value: 'b', timestampMs: 5000 },
      ]),
    );
    await produce('timeline', 0, batchOf([{ value: 'c', timestampMs: 3000 }]));
    const lookUp = async (timestamp: bigint, version = 7) => {
      const response = await client.request(2, version, {
        replicaId: -1,
        isolationLevel: 0,
        topics: [{ name: 'timeline', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 }] }],
      });
      const { errorCode, offset, timestamp: found } = response.topics[0].partitions[0];
      return { errorCode, offset, timestamp: found };
    };
    expect(await lookUp(-2n)).toMatchObject({ errorCode: 0, offset: 0n });
    expect(await lookUp(-1n)).toMatchObject({ errorCode: 0, offset: 3n });
    expect(await lookUp(2000n)).toMatchObject({ errorCode: 0, offset: 1n, timestamp: 5000n });
    expect(await lookUp(9999n)).toMatchObject({ errorCode: 0, offset: -1n });
    expect(await lookUp(-3n)).toMatchObject({ errorCode: 0, offset: 1n, timestamp: 5000n });
    expect(await lookUp(-1n, 1)).toMatchObject({ errorCode: 0, offset: 3n }); // v1, the oldest Kafka 4 serves
  });

  it('serves every acknowledged record again after a restart', async () => {
    const before = decodeFetched((await fetch('events', 1, 0n)).responses[0].partitions[0].records);
    await fixture.restart();
    client = await fixture.connect();
    const after = decodeFetched((await fetch('events', 1, 0n)).responses[0].partitions[0].records);
    expect(after).toEqual(before);
    const next = await produce('events', 1, batchOf([{ value: 'v4' }]));
    expect(next.responses[0].partitionResponses[0].baseOffset).toBe(3n);
  });
});
