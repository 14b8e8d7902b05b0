// Integration: the live tail against a real cluster (the built-in broker in CI): records arrive within a second,
// filters apply on the server, viewers share one loop that stops with the last, a slow viewer gets a skipped
// count instead of unbounded memory, and resuming continues with no gap and no duplicates.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import type { TailEvent } from './tail-records.ts';

type Caller = Awaited<ReturnType<TestRuntime['callerAs']>>;

let cluster: TestCluster;
let runtime: TestRuntime;
let operator: Caller;
let producer: Producer;
const suffix = Date.now().toString(36);
const clusterId = 'built-in';

beforeAll(async () => {
  cluster = await startTestCluster();
  runtime = await createTestRuntime('pglite', { kafkaBootstrap: cluster.bootstrap });
  operator = await runtime.callerAs('operator');
  producer = new Kafka({ brokers: [cluster.bootstrap], clientId: 'tail-test', logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
}, 60_000);
afterAll(async () => {
  await producer?.disconnect();
  await runtime?.close();
  await cluster?.stop();
});

/** A subscription read through an async iterator; return() ends it as a closed connection does. */
async function subscribe(caller: Caller, input: Parameters<Caller['messages']['tail']>[0]) {
  const iterable = (await caller.messages.tail(input)) as AsyncIterable<unknown>;
  const iterator = iterable[Symbol.asyncIterator]();
  // Events come as tracked(id, data) envelopes: [id, data, marker].
  const unwrap = (value: unknown) => (value as [string, TailEvent])[1];
  const first = await iterator.next();
  return {
    first: unwrap(first.value),
    /** The next event with records or skips (the empty events a quiet tail sends every second are passed over). */
    async next(timeoutMs = 5_000): Promise<TailEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const result = await Promise.race([
          iterator.next(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no tail event in time')), deadline - Date.now())),
        ]);
        const event = unwrap(result.value);
        if (event.records.length > 0 || event.skipped > 0) return event;
      }
    },
    /** Events until `count` records arrived (plus what they said was skipped). */
    async collect(count: number): Promise<{ values: string[]; skipped: number; events: TailEvent[] }> {
      const values: string[] = [];
      const events: TailEvent[] = [];
      let skipped = 0;
      while (values.length + skipped < count) {
        const event = await this.next();
        events.push(event);
        skipped += event.skipped;
        values.push(...event.records.map((record) => Buffer.from(record.value!.base64, 'base64').toString()));
      }
      return { values, skipped, events };
    },
    stop() {
      void iterator.return?.();
    },
  };
}

async function createTopic(name: string, partitions: number) {
  await operator.topics.create({ clusterId, name, partitions, replicationFactor: 1 });
}

describe('live tail', () => {
  it('delivers a new record within a second, filtered on the server', async () => {
    const topic = `tail-latency-${suffix}`;
    await createTopic(topic, 2);
    await producer.send({ topic, messages: [{ value: 'before the tail' }] });
    const tail = await subscribe(operator, { clusterId, topic, filter: { valueContains: 'wanted' } });
    expect(tail.first.records).toEqual([]);
    const sentAt = Date.now();
    await producer.send({
      topic,
      messages: [
        { value: 'not this one', partition: 0 },
        { value: 'wanted record', partition: 1 },
      ],
    });
    const event = await tail.next();
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(event.records.map((record) => Buffer.from(record.value!.base64, 'base64').toString())).toEqual(['wanted record']);
    tail.stop();
  });

  it('shares one fetch loop between viewers and stops it when the last leaves', async () => {
    const topic = `tail-shared-${suffix}`;
    await createTopic(topic, 1);
    const first = await subscribe(operator, { clusterId, topic });
    const second = await subscribe(await runtime.callerAs('viewer'), { clusterId, topic });
    expect(runtime.tails.loopCount).toBe(1);
    await producer.send({ topic, messages: [{ value: 'for both' }] });
    expect((await first.collect(1)).values).toEqual(['for both']);
    expect((await second.collect(1)).values).toEqual(['for both']);
    first.stop();
    second.stop();
    const deadline = Date.now() + 5_000;
    while (runtime.tails.loopCount > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runtime.tails.loopCount).toBe(0);
  });

  it('skips records for a viewer that cannot keep up and says how many, from which offsets', async () => {
    const topic = `tail-slow-${suffix}`;
    await createTopic(topic, 1);
    const tail = await subscribe(operator, { clusterId, topic });
    // The viewer reads nothing while 3,000 records arrive: its queue holds 1,000, the rest are skipped.
    for (let batch = 0; batch < 3; batch++) {
      await producer.send({ topic, messages: Array.from({ length: 1_000 }, (_, index) => ({ value: `r${batch * 1_000 + index}` })) });
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const { values, skipped, events } = await tail.collect(3_000);
    expect(values.length).toBe(1_000);
    expect(skipped).toBe(2_000);
    expect(values.slice(0, 2)).toEqual(['r0', 'r1']);
    expect(events.find((event) => event.skipped > 0)!.skippedRanges).toEqual([{ partition: 0, fromOffset: '1000', toOffset: '2999' }]);
    tail.stop();
  });

  it('resumes after the last batch the page saw with no gap and no duplicates', async () => {
    const topic = `tail-resume-${suffix}`;
    await createTopic(topic, 2);
    const tail = await subscribe(operator, { clusterId, topic });
    await producer.send({
      topic,
      messages: [
        { value: 'a', partition: 0 },
        { value: 'b', partition: 1 },
      ],
    });
    const seen = await tail.collect(2);
    const lastEventId = seen.events.at(-1)!.resumeAt;
    tail.stop();
    // Written while the page was away.
    await producer.send({
      topic,
      messages: [
        { value: 'c', partition: 0 },
        { value: 'd', partition: 1 },
      ],
    });
    const resumed = await subscribe(operator, { clusterId, topic, lastEventId });
    await producer.send({ topic, messages: [{ value: 'e', partition: 0 }] });
    const after = await resumed.collect(3);
    expect(after.values.sort()).toEqual(['c', 'd', 'e']);
    resumed.stop();
  });
});
