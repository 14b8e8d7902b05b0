// Integration: browsing, searching, reading and producing records through tRPC against a real cluster (the
// built-in broker in CI), with records written by real clients: kafkajs, confluent-kafka-python (snappy, lz4,
// zstd, gzip) and a transactional producer whose aborted records READ_COMMITTED must hide.
import { TRPCError } from '@trpc/server';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPythonJson } from '../../../e2e/fixtures/python-script.ts';
import { partitionForKey } from '../../kafka/murmur2.ts';
import { startTestCluster, type TestCluster } from '../../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import { serviceContextOf } from '../../api/trpc.ts';
import { exportRecords } from './export-records.ts';
import { runRecordScan } from './record-scan.ts';
import type { ScanSnapshot } from './scan-registry.ts';
import type { z } from 'zod';
import { prepareScan, StartScanInput } from './start-scan.ts';

type Caller = Awaited<ReturnType<TestRuntime['callerAs']>>;

let cluster: TestCluster;
let runtime: TestRuntime;
let operator: Caller;
let kafka: Kafka;
const suffix = Date.now().toString(36);
const clusterId = 'built-in';

beforeAll(async () => {
  cluster = await startTestCluster();
  runtime = await createTestRuntime('pglite', { cluster });
  operator = await runtime.callerAs('operator');
  kafka = new Kafka({ brokers: [cluster.bootstrap], clientId: 'messages-test', logLevel: logLevel.NOTHING });
}, 60_000);
afterAll(async () => {
  await runtime?.close();
  await cluster?.stop();
});

async function search(caller: Caller, input: Omit<z.input<typeof StartScanInput>, 'clusterId'>): Promise<ScanSnapshot> {
  const { scanId } = await caller.messages.search({ clusterId, ...input });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const snapshot = await caller.messages.scan({ scanId });
    if (snapshot.state === 'finished') return snapshot;
    if (Date.now() > deadline) throw new Error(`search did not finish: ${JSON.stringify(snapshot.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const text = (payload: { base64: string } | null) => (payload ? Buffer.from(payload.base64, 'base64').toString('utf8') : null);

async function createTopic(name: string, partitions: number) {
  await operator.topics.create({ clusterId, name, partitions, replicationFactor: 1 });
}

describe('browsing records', () => {
  const topic = `messages-browse-${suffix}`;
  const baseTimeMs = Date.parse('2026-03-01T00:00:00Z');

  beforeAll(async () => {
    await createTopic(topic, 3);
    const producer = kafka.producer();
    await producer.connect();
    // 30 records, 10 per partition, timestamps 1 s apart interleaved across partitions.
    for (let index = 0; index < 30; index++) {
      await producer.send({
        topic,
        compression: index % 2 === 0 ? CompressionTypes.GZIP : CompressionTypes.None,
        messages: [
          {
            partition: index % 3,
            key: `key-${index}`,
            value: JSON.stringify({ index, status: index % 5 === 0 ? 'failed' : 'ok', amount: index * 10 }),
            timestamp: String(baseTimeMs + index * 1_000),
            headers: { source: index % 2 === 0 ? 'even' : 'odd' },
          },
        ],
      });
    }
    await producer.disconnect();
  }, 60_000);

  it('shows the newest records first across all partitions, merged by timestamp', async () => {
    const page = await search(operator, { topic, limit: 5 });
    expect(page.outcome?.stoppedBy).toBe('limit');
    expect(page.matches.map((record) => JSON.parse(text(record.value)!).index)).toEqual([29, 28, 27, 26, 25]);
    expect(page.matches[0]).toMatchObject({ partition: 29 % 3, timestampType: 'CreateTime', timestampMs: baseTimeMs + 29_000 });
    expect(page.matches[0].headers).toEqual([
      { name: 'source', value: { base64: Buffer.from('odd').toString('base64'), sizeBytes: 3, truncated: false } },
    ]);
  });

  it('pages back with per-partition cursors, never skipping or repeating a record', async () => {
    const seen: number[] = [];
    let cursor: Record<string, string> | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await search(operator, { topic, limit: 7, cursor });
      seen.push(...result.matches.map((record) => JSON.parse(text(record.value)!).index));
      if (result.outcome?.stoppedBy === 'end') break;
      cursor = result.outcome!.cursor;
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, index) => 29 - index));
  });

  it('starts at the first record at or after a timestamp and reads forward', async () => {
    const page = await search(operator, { topic, from: 'timestamp', timestamp: new Date(baseTimeMs + 12_500).toISOString(), limit: 4 });
    expect(page.matches.map((record) => JSON.parse(text(record.value)!).index)).toEqual([13, 14, 15, 16]);
  });

  it('says why a page is empty when the timestamp is after the last record', async () => {
    const page = await search(operator, { topic, from: 'timestamp', timestamp: String(baseTimeMs + 3_600_000), limit: 4 });
    expect(page.matches).toEqual([]);
    expect(page.outcome?.stoppedBy).toBe('end');
    expect(page.notes.join(' ')).toMatch(/No record has a timestamp at or after/);
  });

  it('clamps an offset past the end of a partition and says so', async () => {
    const page = await search(operator, { topic, partition: 1, from: 'offset', offset: '999', limit: 4 });
    expect(page.matches).toEqual([]);
    expect(page.notes).toEqual(['Partition 1: offset 999 is past the end 10; starting at 10.']);
  });

  it('finds exactly the records a CEL expression matches', async () => {
    const page = await search(operator, {
      topic,
      from: 'earliest',
      filter: { expression: 'value.status == "failed" && value.amount > 100' },
      limit: 100,
    });
    expect(page.matches.map((record) => JSON.parse(text(record.value)!).index)).toEqual([15, 20, 25]);
    expect(page.progress.scanned).toBe(30);
  });

  it('evaluates CEL over headers, key, partition and timestamp, with matches() through RE2', async () => {
    const page = await search(operator, {
      topic,
      from: 'earliest',
      filter: { expression: `headers.source == "even" && key.matches("^key-1[0-9]$") && partition == 0 && timestamp >= ${baseTimeMs}` },
      limit: 100,
    });
    expect(page.matches.map((record) => text(record.key))).toEqual(['key-12', 'key-18']);
  });

  it('refuses an invalid expression with its position before scanning', async () => {
    await expect(operator.messages.search({ clusterId, topic, filter: { expression: 'value.status == ' } })).rejects.toThrow(
      /Syntax error at position 17/,
    );
    await expect(operator.messages.search({ clusterId, topic, filter: { expression: 'value.amount > 1' } })).resolves.toBeTruthy();
    await expect(operator.messages.search({ clusterId, topic, filter: { expression: 'value.amount + "x"' } })).rejects.toThrow(
      /a filter needs true or false/,
    );
    await expect(operator.messages.search({ clusterId, topic, filter: { expression: 'partition + "x" == 1' } })).rejects.toThrow(
      /Type error at position/,
    );
    await expect(operator.messages.search({ clusterId, topic, filter: { expression: '1 + 2' } })).rejects.toThrow(
      /a filter needs true or false/,
    );
  });

  it('runs a catastrophic-backtracking pattern in linear time', async () => {
    const started = Date.now();
    const page = await search(operator, {
      topic,
      from: 'earliest',
      filter: { valueMatches: '^(a+)+$', expression: 'value.status.matches("(x+x+)+y")' },
      limit: 10,
    });
    expect(page.matches).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(operator.messages.search({ clusterId, topic, filter: { valueMatches: '(' } })).rejects.toThrow(
      /Invalid regular expression/,
    );
  });

  it('applies quick filters: value contains, header equals, time range', async () => {
    const page = await search(operator, {
      topic,
      from: 'earliest',
      filter: {
        valueContains: '"ok"',
        header: { name: 'source', value: 'odd' },
        fromTimestampMs: baseTimeMs + 10_000,
        toTimestampMs: baseTimeMs + 20_000,
      },
      limit: 100,
    });
    expect(page.matches.map((record) => JSON.parse(text(record.value)!).index)).toEqual([11, 13, 17, 19]);
  });

  it('stops at the record bound, says so, and continues from where it stopped', async () => {
    const first = await search(operator, { topic, from: 'earliest', filter: { valueContains: '"failed"' }, limit: 100, maxRecords: 12 });
    expect(first.outcome?.stoppedBy).toBe('maxRecords');
    expect(first.progress.scanned).toBe(12);
    const rest = await search(operator, {
      topic,
      from: 'earliest',
      cursor: first.outcome!.cursor,
      filter: { valueContains: '"failed"' },
      limit: 100,
    });
    const found = [...first.matches, ...rest.matches].map((record) => JSON.parse(text(record.value)!).index);
    expect(found.sort((a, b) => a - b)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(rest.outcome?.stoppedBy).toBe('end');
  });

  it('refuses a viewer a record bound above the default', async () => {
    const viewer = await runtime.callerAs('viewer');
    await expect(viewer.messages.search({ clusterId, topic, maxRecords: 200_000 })).rejects.toThrow(/maxRecords can be at most 100000/);
  });

  it('finds a key by reading only the partition the default partitioner gives it', async () => {
    const page = await search(operator, { topic, findKey: 'key-7', limit: 10 });
    // kafkajs was told the partition explicitly, so key-7 is on partition 1 whatever murmur2 says; the
    // search reads murmur2's partition and finds it only when they agree.
    const expected = partitionForKey(Buffer.from('key-7'), 3) === 7 % 3 ? ['key-7'] : [];
    expect(page.matches.map((record) => text(record.key))).toEqual(expected);
    expect(Object.keys(page.progress.positions)).toEqual([String(partitionForKey(Buffer.from('key-7'), 3))]);
  });

  it('opens one record by partition and offset, and says why an offset has none', async () => {
    const record = await operator.messages.get({ clusterId, topic, partition: 2, offset: '3' });
    expect(JSON.parse(text(record.value)!).index).toBe(11);
    await expect(operator.messages.get({ clusterId, topic, partition: 2, offset: '10' })).rejects.toThrow(/past the end of partition 2/);
    await expect(operator.messages.get({ clusterId, topic: `${topic}-missing`, partition: 0, offset: '0' })).rejects.toThrow(
      /does not exist/,
    );
  });

  it("lets no one read or cancel another user's search", async () => {
    const { scanId } = await operator.messages.search({ clusterId, topic });
    const other = await runtime.callerAs('viewer');
    await expect(other.messages.scan({ scanId })).rejects.toBeInstanceOf(TRPCError);
    await expect(other.messages.cancel({ scanId })).rejects.toThrow(/No such search/);
  });
});

describe('sharing the console', () => {
  it('lets other work run every few milliseconds while a scan with a costly filter runs', async () => {
    const topic = `messages-fairness-${suffix}`;
    await createTopic(topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 400 }, (_, index) => ({ value: `v${index}` })) });
    await producer.disconnect();
    const actor = await runtime.actorAs('viewer');
    const ctx = serviceContextOf({ runtime, actor, requestId: 'fairness-test', clientAddress: '127.0.0.1' }, actor);
    const { plan, fetcher } = await prepareScan(ctx, StartScanInput.parse({ clusterId, topic, from: 'earliest', limit: 500 }));
    // A filter costing 1 ms a record: 400 ms of work that must not hold the event loop in one piece. Counted in
    // filter calls between two timer ticks, not in milliseconds, so a loaded machine pausing the process does
    // not count as the scan holding the loop.
    let callsSinceTick = 0;
    plan.predicate = () => {
      callsSinceTick++;
      const until = performance.now() + 1;
      while (performance.now() < until);
      return true;
    };
    let mostCallsBetweenTicks = 0;
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks++;
      mostCallsBetweenTicks = Math.max(mostCallsBetweenTicks, callsSinceTick);
      callsSinceTick = 0;
    }, 2);
    try {
      const outcome = await runRecordScan(plan, fetcher, { onMatch: () => {}, onProgress: () => {} }, new AbortController().signal);
      expect(outcome.stoppedBy).toBe('end');
    } finally {
      clearInterval(ticker);
      await fetcher.close();
    }
    mostCallsBetweenTicks = Math.max(mostCallsBetweenTicks, callsSinceTick); // the calls after the last tick
    // The scan looks at the clock every 16 records and yields once 10 ms have passed, so a timer runs at least
    // every two or three checks (seen: 16-31 calls); held in one piece it would be 400.
    expect(mostCallsBetweenTicks).toBeLessThanOrEqual(48);
    expect(ticks).toBeGreaterThanOrEqual(400 / 48);
  });
});

describe('a topic deleted mid-search', () => {
  it('ends the search with a message saying so, keeping what it found', async () => {
    const topic = `messages-deleted-${suffix}`;
    await createTopic(topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    // 3 MiB: the scan needs several 1 MiB fetches, so it fetches again after the topic is gone.
    for (let batch = 0; batch < 3; batch++)
      await producer.send({
        topic,
        messages: Array.from({ length: 1_000 }, (_, index) => ({ value: `${batch}-${index}-${'x'.repeat(1_000)}` })),
      });
    await producer.disconnect();
    const actor = await runtime.actorAs('operator');
    const ctx = serviceContextOf({ runtime, actor, requestId: 'deleted-test', clientAddress: '127.0.0.1' }, actor);
    const { plan, fetcher } = await prepareScan(ctx, StartScanInput.parse({ clusterId, topic, from: 'earliest', limit: 500 }));
    // Slow enough (1 ms a record) that the deletion lands while the first fetch's records are examined.
    plan.predicate = (record) => {
      const until = performance.now() + 1;
      while (performance.now() < until);
      return record.offset % 100n === 0n;
    };
    let matches = 0;
    let deletion: Promise<void> | null = null;
    try {
      const outcome = await runRecordScan(
        plan,
        fetcher,
        {
          onMatch: () => matches++,
          onProgress: (progress) => {
            if (progress.scanned > 0 && !deletion) deletion = operator.topics.delete({ clusterId, name: topic });
          },
        },
        new AbortController().signal,
      );
      await deletion;
      expect(outcome.stoppedBy).toBe('topicDeleted');
      expect(outcome.error).toMatch(/no longer exists/);
      expect(matches).toBeGreaterThan(0);
      expect(Number(outcome.cursor[0])).toBeGreaterThan(0);
    } finally {
      await fetcher.close();
    }
  });
});

describe('payloads', () => {
  it('sends a preview of a large value and the whole value only when asked', async () => {
    const topic = `messages-large-${suffix}`;
    await createTopic(topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: Buffer.alloc(200 * 1024, 0x61) }, { value: Buffer.from([0xff, 0xfe, 0x00, 0x41]) }] });
    await producer.disconnect();
    const page = await search(operator, { topic, from: 'earliest' });
    expect(page.matches[0].value).toMatchObject({ sizeBytes: 200 * 1024, truncated: true });
    expect(Buffer.from(page.matches[0].value!.base64, 'base64').length).toBe(64 * 1024);
    expect(Buffer.from(page.matches[1].value!.base64, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const whole = await operator.messages.get({ clusterId, topic, partition: 0, offset: '0', whole: true });
    expect(whole.value).toMatchObject({ sizeBytes: 200 * 1024, truncated: false });
    expect(Buffer.from(whole.value!.base64, 'base64').length).toBe(200 * 1024);
  });

  it.each(['gzip', 'snappy', 'lz4', 'zstd'])('reads records confluent-kafka-python compressed with %s', async (codec) => {
    const topic = `messages-${codec}-${suffix}`;
    await createTopic(topic, 1);
    const produced = await runPythonJson<{ delivered: { value: string }[]; errors: string[] }>('produce_keyed.py', [
      'confluent',
      cluster.bootstrap,
      topic,
      '50',
      '5',
      codec,
    ]);
    expect(produced.errors).toEqual([]);
    const page = await search(operator, { topic, from: 'earliest', limit: 100 });
    expect(page.matches.map((record) => text(record.value))).toEqual(produced.delivered.map((record) => record.value));
  });
});

describe('transactions', () => {
  it('hides aborted records under READ_COMMITTED and shows them under READ_UNCOMMITTED', async () => {
    const topic = `messages-txn-${suffix}`;
    await createTopic(topic, 1);
    await runPythonJson('txn_commit_abort.py', [cluster.bootstrap, topic, `messages-txn-${suffix}`], { timeoutMs: 90_000 });
    const committed = await search(operator, { topic, from: 'earliest', isolation: 'READ_COMMITTED', limit: 100 });
    const uncommitted = await search(operator, { topic, from: 'earliest', isolation: 'READ_UNCOMMITTED', limit: 100 });
    const firsts = Array.from({ length: 5 }, (_, index) => `first-${index}`);
    const seconds = Array.from({ length: 5 }, (_, index) => `second-${index}`);
    const aborted = Array.from({ length: 5 }, (_, index) => `aborted-${index}`);
    expect(committed.matches.map((record) => text(record.value))).toEqual([...firsts, ...seconds]);
    expect(uncommitted.matches.map((record) => text(record.value))).toEqual([...firsts, ...aborted, ...seconds, 'open-0']);
    const newestCommitted = await search(operator, { topic, isolation: 'READ_COMMITTED', limit: 3 });
    expect(newestCommitted.matches.map((record) => text(record.value))).toEqual(['second-4', 'second-3', 'second-2']);
  }, 120_000);
});

describe('exporting', () => {
  it('streams every match as JSON Lines, audited, with binary payloads as base64', async () => {
    const topic = `messages-export-${suffix}`;
    await createTopic(topic, 2);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 300 }, (_, index) => ({
        partition: index % 2,
        key: `k${index}`,
        value: index % 3 === 0 ? `match ${index}` : `other ${index}`,
      })),
    });
    await producer.send({ topic, messages: [{ partition: 0, value: Buffer.from([0x6d, 0x61, 0x74, 0x63, 0x68, 0xff]) }] });
    await producer.disconnect();
    const actor = await runtime.actorAs('viewer');
    const ctx = serviceContextOf({ runtime, actor, requestId: 'export-test', clientAddress: '127.0.0.1' }, actor);
    const { body, fileName } = await exportRecords({
      ctx,
      input: { clusterId, topic, from: 'earliest', filter: { valueContains: 'match' } },
    });
    expect(fileName).toMatch(/^messages-export-.*\.jsonl$/);
    const lines = (await new Response(body).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.length).toBe(101);
    expect(
      lines
        .filter((line) => line.value.text)
        .map((line) => line.value.text)
        .sort(),
    ).toEqual(Array.from({ length: 100 }, (_, index) => `match ${index * 3}`).sort());
    expect(lines.find((line) => line.value.base64)!.value.base64).toBe(
      Buffer.from([0x6d, 0x61, 0x74, 0x63, 0x68, 0xff]).toString('base64'),
    );
    // The record is completed just after the last line is written.
    let entry;
    for (let attempt = 0; attempt < 50; attempt++) {
      entry = (await operator.audit.list({ resource: topic })).rows.find((row) => row.action === 'records.export');
      if (entry?.outcome !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(entry).toMatchObject({ outcome: 'succeeded', after: { stoppedBy: 'end' } });
  });

  it("waits in the user's queue like a search, shows its progress under its id, and continues from where a bound stopped it", async () => {
    const topic = `messages-export-queue-${suffix}`;
    await createTopic(topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 250 }, (_, index) => ({ partition: 0, value: `v${index}` })) });
    await producer.disconnect();
    const actor = await runtime.actorAs('operator');
    const ctx = serviceContextOf({ runtime, actor, requestId: 'export-queue-test', clientAddress: '127.0.0.1' }, actor);
    // The user's two places are taken by scans that end when the test says so.
    const holders: (() => void)[] = [];
    for (let index = 0; index < 2; index++)
      runtime.scans.start(
        { userId: actor.userId, clusterId },
        [],
        () => new Promise((resolve) => holders.push(() => resolve({ stoppedBy: 'end', cursor: {}, error: null }))),
      );
    const exportId = crypto.randomUUID();
    const first = await exportRecords({ ctx, input: { clusterId, topic, from: 'earliest', maxRecords: 100, exportId } });
    expect(first.exportId).toBe(exportId);
    expect(runtime.scans.snapshot(exportId, actor.userId)).toMatchObject({ kind: 'export', state: 'queued' });
    const reader = first.body.getReader();
    const firstRead = reader.read();
    const early = await Promise.race([firstRead.then(() => 'data'), new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
    expect(early).toBe('waiting');
    for (const release of holders) release();
    let text = '';
    for (let chunk = await firstRead; !chunk.done; chunk = await reader.read()) text += Buffer.from(chunk.value).toString('utf8');
    const firstLines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(firstLines.map((line) => line.value.text)).toEqual(Array.from({ length: 100 }, (_, index) => `v${index}`));
    // Its progress and where it stopped, as a search's (the page polls this while the browser downloads); no one else's to read.
    const caller = await runtime.callerAs('operator');
    await expect(caller.messages.scan({ scanId: exportId })).rejects.toThrow(/no longer kept/);
    const snapshot = runtime.scans.snapshot(exportId, actor.userId)!;
    expect(snapshot).toMatchObject({ state: 'finished', progress: { scanned: 100, matched: 100 }, outcome: { stoppedBy: 'maxRecords' } });
    expect(snapshot.matches).toEqual([]);
    const rest = await exportRecords({ ctx, input: { clusterId, topic, from: 'earliest', cursor: snapshot.outcome!.cursor } });
    const restLines = (await new Response(rest.body).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(restLines.map((line) => line.value.text)).toEqual(Array.from({ length: 150 }, (_, index) => `v${index + 100}`));
  });

  it('stops the scan when the download is cancelled, and fails the download when the export is cancelled', async () => {
    const topic = `messages-export-${suffix}`;
    const actor = await runtime.actorAs('viewer');
    const ctx = serviceContextOf({ runtime, actor, requestId: 'export-cancel-test', clientAddress: '127.0.0.1' }, actor);
    const holders: (() => void)[] = [];
    for (let index = 0; index < 2; index++)
      runtime.scans.start(
        { userId: actor.userId, clusterId },
        [],
        () => new Promise((resolve) => holders.push(() => resolve({ stoppedBy: 'end', cursor: {}, error: null }))),
      );
    const queued = await exportRecords({ ctx, input: { clusterId, topic, from: 'earliest' } });
    expect(runtime.scans.cancel(queued.exportId, actor.userId)).toBe(true);
    await expect(new Response(queued.body).text()).rejects.toThrow(/cancelled/);
    const dropped = await exportRecords({ ctx, input: { clusterId, topic, from: 'earliest' } });
    await dropped.body.cancel();
    expect(runtime.scans.snapshot(dropped.exportId, actor.userId)).toMatchObject({
      state: 'finished',
      outcome: { stoppedBy: 'cancelled' },
    });
    expect(runtime.scans.counts(actor.userId)).toEqual({ running: 2, queued: 0 });
    for (const release of holders) release();
  });

  it('refuses a bad expression before the download starts', async () => {
    const actor = await runtime.actorAs('viewer');
    const ctx = serviceContextOf({ runtime, actor, requestId: 'export-test', clientAddress: '127.0.0.1' }, actor);
    await expect(
      exportRecords({ ctx, input: { clusterId, topic: `messages-export-${suffix}`, filter: { expression: 'value ==' } } }),
    ).rejects.toThrow(/Syntax error/);
  });
});

describe('producing', () => {
  it("produces by key to the default partitioner's partition, audited without the payload", async () => {
    const topic = `messages-produce-${suffix}`;
    await createTopic(topic, 4);
    const produced = await operator.messages.produce({
      clusterId,
      topic,
      key: { format: 'text', data: 'order-42' },
      value: { format: 'json', data: '{"secret":"hunter2"}' },
      headers: [{ name: 'trace', value: 'abc' }],
    });
    expect(produced.partition).toBe(partitionForKey(Buffer.from('order-42'), 4));
    const record = await operator.messages.get({ clusterId, topic, partition: produced.partition, offset: produced.offset });
    expect(text(record.value)).toBe('{"secret":"hunter2"}');
    expect(record.headers.map((header) => [header.name, text(header.value)])).toEqual([['trace', 'abc']]);
    const audit = await operator.audit.list({ resource: topic });
    const entry = audit.rows.find((row) => row.action === 'records.produce')!;
    expect(entry.parameters).toMatchObject({ partition: produced.partition, keySizeBytes: 8, valueSizeBytes: 20, headerCount: 1 });
    expect(JSON.stringify(entry)).not.toContain('hunter2');
  });

  it("refuses invalid JSON, and a member producing outside their team's topics", async () => {
    const topic = `messages-produce-${suffix}`;
    await expect(operator.messages.produce({ clusterId, topic, value: { format: 'json', data: '{nope' } })).rejects.toThrow(
      /not valid JSON/,
    );
    const member = await runtime.callerAs('member');
    await expect(member.messages.produce({ clusterId, topic, value: { format: 'text', data: 'x' } })).rejects.toThrow(
      /cannot change topics|prefix your team owns/,
    );
    const viewer = await runtime.callerAs('viewer');
    await expect(viewer.messages.produce({ clusterId, topic, value: { format: 'text', data: 'x' } })).rejects.toThrow(
      /needs the member role/,
    );
  });
});
