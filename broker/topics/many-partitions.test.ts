// Regression (issue 11 finding 1): the broker held ~3 files open per partition, so a few thousand
// partitions exhausted the process's descriptors. Open files are now bounded by maxOpenFiles whatever the
// partition count, and every partition still produces, fetches and survives a restart.
import { readdir, readlink } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBatchRecords } from '../log/batch-records.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';

const PARTITIONS = 3000;
const SAMPLE = 200;
const MAX_OPEN_FILES = 64;
/** Besides the log files: the metadata log and a file being read or written for a moment. */
const OTHER_FILES = 8;

let fixture: TestBroker;
afterAll(async () => fixture?.stop());

/** Descriptors of this process (the broker runs in it) open on files under `dir`. */
async function descriptorsUnder(dir: string): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    if ((await readlink(`/proc/self/fd/${fd}`).catch(() => '')).startsWith(dir)) count++;
  }
  return count;
}

function produce(client: ProtocolTestClient, partition: number) {
  return client.request(0, 9, {
    transactionalId: null,
    acks: -1,
    timeoutMs: 5000,
    topicData: [
      { name: 'many', partitionData: [{ index: partition, records: buildRecordBatch({ records: [{ value: `value of ${partition}` }] }) }] },
    ],
  });
}

async function fetchValue(client: ProtocolTestClient, partition: number): Promise<string | null> {
  const response = await client.request(1, 4, {
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 1024 * 1024,
    isolationLevel: 0,
    topics: [{ topic: 'many', partitions: [{ partition, fetchOffset: 0n, partitionMaxBytes: 65536 }] }],
  });
  const data = response.responses[0].partitions[0];
  expect(data.errorCode).toBe(ErrorCode.NONE);
  const records = data.records === null || data.records.length === 0 ? [] : (decodeBatchRecords(data.records) ?? []);
  return records[0]?.value?.toString() ?? null;
}

describe('many partitions under a low open-file bound', () => {
  it(`creates ${PARTITIONS} partitions, produces to and fetches from a random sample, restarts, and never holds more than ${MAX_OPEN_FILES} log files open`, async () => {
    fixture = await startTestBroker({ maxOpenFiles: MAX_OPEN_FILES });
    const client = await fixture.connect();
    const created = await client.request(19, 7, {
      topics: [{ name: 'many', numPartitions: PARTITIONS, replicationFactor: -1, assignments: [], configs: [] }],
      timeoutMs: 60_000,
      validateOnly: false,
    });
    expect(created.topics[0].errorCode).toBe(ErrorCode.NONE);
    expect(await descriptorsUnder(fixture.dataDir)).toBeLessThanOrEqual(MAX_OPEN_FILES + OTHER_FILES);

    const sample = new Set<number>();
    while (sample.size < SAMPLE) sample.add(Math.floor(Math.random() * PARTITIONS));
    for (const partition of sample) {
      const response = await produce(client, partition);
      expect(response.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);
    }
    expect(await descriptorsUnder(fixture.dataDir)).toBeLessThanOrEqual(MAX_OPEN_FILES + OTHER_FILES);
    for (const partition of sample) expect(await fetchValue(client, partition)).toBe(`value of ${partition}`);
    expect(await descriptorsUnder(fixture.dataDir)).toBeLessThanOrEqual(MAX_OPEN_FILES + OTHER_FILES);

    await fixture.restart();
    const again = await fixture.connect();
    expect(await descriptorsUnder(fixture.dataDir)).toBeLessThanOrEqual(MAX_OPEN_FILES + OTHER_FILES);
    for (const partition of sample) expect(await fetchValue(again, partition)).toBe(`value of ${partition}`);
    const untouched = [...Array(PARTITIONS).keys()].find((partition) => !sample.has(partition))!;
    expect(await fetchValue(again, untouched)).toBeNull();
    expect(await descriptorsUnder(fixture.dataDir)).toBeLessThanOrEqual(MAX_OPEN_FILES + OTHER_FILES);
  }, 180_000);
});
