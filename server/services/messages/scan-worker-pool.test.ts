// Scans in worker threads, against a real built-in broker: a heavy CEL search leaves the console's event loop
// free (measured against the same scan run on this thread, as the console used to run it), a cancel stops the
// worker's scan at once, and a worker that dies (stopped from outside, as a crash would end it) fails only
// the scan it ran, with a message, and is replaced.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceContextOf } from '../../api/trpc.ts';
import { startTestCluster, type TestCluster } from '../../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import { runRecordScan } from './record-scan.ts';
import type { ScanSnapshot } from './scan-registry.ts';
import { ScanWorkerPool } from './scan-worker-pool.ts';
import { prepareScan, StartScanInput } from './start-scan.ts';

type Caller = Awaited<ReturnType<TestRuntime['callerAs']>>;

let cluster: TestCluster;
let runtime: TestRuntime;
let operator: Caller;
let kafka: Kafka;
const suffix = Date.now().toString(36);
const clusterId = 'built-in';
const heavyTopic = `scan-worker-heavy-${suffix}`;
const heavyRecords = 20_000;
/** About 50 µs a record in CEL: a second or more of work over the topic, whatever the machine. */
const heavyExpression = 'value.items.exists(item, item.sku.matches("^sku-(7|9)[0-9]*5$") && item.quantity > 8)';

beforeAll(async () => {
  cluster = await startTestCluster();
  runtime = await createTestRuntime('pglite', { cluster });
  operator = await runtime.callerAs('operator');
  kafka = new Kafka({ brokers: [cluster.bootstrap], clientId: 'scan-worker-test', logLevel: logLevel.NOTHING });
  await operator.topics.create({ clusterId, name: heavyTopic, partitions: 1, replicationFactor: 1 });
  const producer = kafka.producer();
  await producer.connect();
  for (let start = 0; start < heavyRecords; start += 1_000)
    await producer.send({
      topic: heavyTopic,
      messages: Array.from({ length: 1_000 }, (_, index) => ({
        value: JSON.stringify({
          id: start + index,
          items: Array.from({ length: 10 }, (_, item) => ({ sku: `sku-${(start + index + item) % 10_000}`, quantity: item })),
        }),
      })),
    });
  await producer.disconnect();
}, 120_000);
afterAll(async () => {
  await runtime?.close();
  await cluster?.stop();
});

async function waitFinished(scanId: string, timeoutMs = 60_000): Promise<ScanSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = await operator.messages.scan({ scanId });
    if (snapshot.state === 'finished') return snapshot;
    if (Date.now() > deadline) throw new Error(`scan did not finish: ${JSON.stringify(snapshot.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The event loop's utilization and delay (p99, ms) while `work` runs. */
async function loopWhile<T>(work: () => Promise<T>): Promise<{ result: T; utilization: number; delayP99Ms: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const before = performance.eventLoopUtilization();
  const result = await work();
  const utilization = performance.eventLoopUtilization(before).utilization;
  delay.disable();
  return { result, utilization, delayP99Ms: delay.percentile(99) / 1e6 };
}

describe('scans in worker threads', () => {
  it('runs a heavy CEL search without holding the console event loop, unlike the same scan on it', async () => {
    const input = { clusterId, topic: heavyTopic, from: 'earliest' as const, limit: 500, maxRecords: 1_000_000 };
    const viaWorker = await loopWhile(async () => {
      const { scanId } = await operator.messages.search({ ...input, filter: { expression: heavyExpression } });
      return waitFinished(scanId);
    });
    expect(viaWorker.result.outcome).toMatchObject({ stoppedBy: 'end', error: null });
    expect(viaWorker.result.progress.scanned).toBe(heavyRecords);
    expect(viaWorker.result.matchCount).toBeGreaterThan(0);

    // The same scan on this thread, as the console ran it before: its loop yields every 10 ms but is busy
    // all along, and the timers behind it wait for each slice.
    const actor = await runtime.actorAs('operator');
    const ctx = serviceContextOf({ runtime, actor, requestId: 'worker-test', clientAddress: '127.0.0.1' }, actor);
    const { plan, fetcher } = await prepareScan(ctx, StartScanInput.parse({ ...input, filter: { expression: heavyExpression } }));
    let matchesHere = 0;
    const onThisThread = await loopWhile(async () => {
      try {
        return await runRecordScan(plan, fetcher, { onMatch: () => matchesHere++, onProgress: () => {} }, new AbortController().signal);
      } finally {
        await fetcher.close();
      }
    });
    expect(onThisThread.result.stoppedBy).toBe('end');
    expect(matchesHere).toBe(viaWorker.result.matchCount);

    console.info(
      `event loop during the scan: in a worker ${viaWorker.utilization.toFixed(2)} busy, p99 delay ${viaWorker.delayP99Ms.toFixed(1)} ms;` +
        ` on this thread ${onThisThread.utilization.toFixed(2)} busy, p99 delay ${onThisThread.delayP99Ms.toFixed(1)} ms`,
    );
    // Busy about all along on this thread, time slices or not; off it, the loop only takes in the matches and
    // answers the page's polls. (The delays are printed, not asserted: on a loaded machine the OS scheduler
    // adds tens of milliseconds to both.)
    expect(onThisThread.utilization).toBeGreaterThan(0.7);
    expect(viaWorker.utilization).toBeLessThan(0.35);
  }, 120_000);

  it('stops the worker scan at once when the search is cancelled, with a cursor to continue', async () => {
    const { scanId } = await operator.messages.search({
      clusterId,
      topic: heavyTopic,
      from: 'earliest',
      limit: 500,
      filter: { expression: `${heavyExpression} && false` },
    });
    for (let snapshot = await operator.messages.scan({ scanId }); snapshot.progress.scanned === 0; )
      snapshot = await new Promise((resolve) => setTimeout(resolve, 10)).then(() => operator.messages.scan({ scanId }));
    const cancelledAtMs = performance.now();
    await operator.messages.cancel({ scanId });
    const finished = await waitFinished(scanId, 5_000);
    expect(performance.now() - cancelledAtMs).toBeLessThan(2_000);
    expect(finished.outcome).toMatchObject({ stoppedBy: 'cancelled', error: null });
    expect(finished.progress.scanned).toBeLessThan(heavyRecords);
    expect(Number(finished.outcome?.cursor[0])).toBe(finished.progress.scanned);
    expect(runtime.scans.workers.threads().every((thread) => thread.scans === 0)).toBe(true);
  }, 60_000);

  it('fails only the scan whose worker died, says why, and runs the next scan on a new worker', async () => {
    const searchHeavy = (extra: string) =>
      operator.messages.search({
        clusterId,
        topic: heavyTopic,
        from: 'earliest',
        limit: 500,
        filter: { expression: `${heavyExpression} && ${extra}` },
      });
    // Two searches of one user run at once, each on a thread of its own.
    const { scanId: doomed } = await searchHeavy('false');
    const { scanId: survivor } = await searchHeavy('value.id < 0');
    const threads = runtime.scans.workers.threads().filter((thread) => thread.scans === 1);
    expect(threads).toHaveLength(2);
    for (let snapshot = await operator.messages.scan({ scanId: doomed }); snapshot.progress.scanned === 0; )
      snapshot = await new Promise((resolve) => setTimeout(resolve, 10)).then(() => operator.messages.scan({ scanId: doomed }));
    // The doomed scan went to the first thread: threads are picked least busy first, in order.
    expect(await runtime.scans.workers.stopThread(threads[0].threadId)).toBe(true);

    const failed = await waitFinished(doomed, 5_000);
    expect(failed.outcome?.stoppedBy).toBe('failed');
    expect(failed.outcome?.error).toMatch(/^The scan stopped: the worker thread running it exited with code 1\. .*run this one again\.$/);
    const finished = await waitFinished(survivor);
    expect(finished.outcome).toMatchObject({ stoppedBy: 'end', error: null });
    expect(finished.progress.scanned).toBe(heavyRecords);
    expect(runtime.scans.workers.threads().map((thread) => thread.threadId)).not.toContain(threads[0].threadId);

    const { scanId: next } = await operator.messages.search({
      clusterId,
      topic: heavyTopic,
      from: 'earliest',
      limit: 10,
      filter: { expression: 'value.id == 7' },
    });
    const nextFinished = await waitFinished(next);
    expect(nextFinished.outcome).toMatchObject({ stoppedBy: 'end', error: null });
    expect(nextFinished.matchCount).toBe(1);
  }, 120_000);

  it('keeps a thread ready once warmed, and starts another when it dies', async () => {
    const workers = new ScanWorkerPool({ size: 2 });
    try {
      workers.warm();
      const [first] = workers.threads();
      expect(first).toMatchObject({ scans: 0 });
      expect(await workers.stopThread(first.threadId)).toBe(true);
      const [replacement] = workers.threads();
      expect(replacement).toMatchObject({ scans: 0 });
      expect(replacement.threadId).not.toBe(first.threadId);
    } finally {
      await workers.close();
    }
    expect(workers.threads()).toEqual([]);
  });
});
