// `npm run bench`: Kafka's own perf tools against a real Apache Kafka and Samsa's built-in broker in the
// same run, one partition each, printing both figures and the ratio built-in / Kafka.
// Both brokers run side by side and each measurement runs on one, then the other, so that load from
// elsewhere on the machine skews both figures of a row alike.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { BrokerHandle, InteropTarget } from '../e2e/fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../e2e/fixtures/built-in-broker.ts';
import { residentSetBytes } from '../e2e/fixtures/process-memory.ts';
import { startRealKafka } from '../e2e/fixtures/real-kafka.ts';
import { createTopics } from '../e2e/fixtures/topic-admin.ts';
import { parseBenchOptions, type BenchOptions } from './bench-options.ts';
import {
  consumerPerformance,
  endToEndLatency,
  kcatConsume,
  producerPerformance,
  pythonEndToEndLatency,
  type Latency,
  type Throughput,
} from './perf-tools.ts';
import { defaultIngestShape, ingestPrebuiltBatches } from './ingest-client.ts';
import { formatResultsTable, formatScaleTable, type Measurement } from './results-table.ts';
import { runMessagesSection } from './messages-bench.ts';
import { runPartitionsBench } from './partitions-bench.ts';
import { benchSampler, formatSamplerTable, samplerBenchSize } from './sampler-bench.ts';
import { benchGroupsList, groupsListSizes } from './groups-list.ts';
import { benchTopicsList, topicsListSizes } from './topics-list.ts';

const warmUpRecords = 200_000;
const topics = {
  warmUp: 'bench-warm-up',
  small: 'bench-100b',
  large: 'bench-1k',
  latencyJava: 'bench-latency-java',
  latencyPython: 'bench-latency-python',
  ingest: 'bench-ingest',
};

interface BenchStep {
  rows: Measurement[];
  run: (broker: BrokerHandle) => Promise<number[]>;
}

function row(label: string, unit: string, higherIsBetter: boolean): Measurement {
  return { label, unit, higherIsBetter, values: {}, notes: [] };
}

const count = (value: number) => value.toLocaleString('en-US');
const throughputValues = (result: Throughput) => [result.recordsPerSecond, result.megabytesPerSecond];
const latencyValues = (result: Latency) => [result.p50Ms, result.p99Ms, result.avgMs];

function benchSteps(options: BenchOptions): BenchStep[] {
  const produce100 = `produce ${count(options.records100B)} x 100 B, acks=all (ProducerPerformance)`;
  const produce1k = `produce ${count(options.records1KiB)} x 1 KiB, acks=all (ProducerPerformance)`;
  const consumeKcat = `consume ${count(options.consumeRecords)} x 100 B (kcat, assigned, no group)`;
  const consumeJava = `consume ${count(options.consumeRecords)} x 100 B (ConsumerPerformance, group), whole run`;
  const consumeJavaFetching = `consume ${count(options.consumeRecords)} x 100 B (ConsumerPerformance, group), fetching only`;
  const ingestShape = { ...defaultIngestShape, requests: options.ingestRequests };
  const ingest = `ingest ${count(ingestShape.requests)} pre-built batches of ${count(ingestShape.recordsPerBatch)} x ${count(ingestShape.valueBytes)} B, acks=1, ${ingestShape.inFlight} in flight`;
  const latencyPython = `produce->consume latency, ${count(options.latencyMessages)} x 100 B (librdkafka, assigned, no group)`;
  const latencyJava = `produce->consume latency, ${count(options.latencyMessages)} x 100 B (EndToEndLatency)`;
  const producerRows = (label: string) => [row(label, 'records/s', true), row(label, 'MB/s', true)];
  const latencyRows = (label: string) => [row(label, 'p50 ms', false), row(label, 'p99 ms', false), row(label, 'avg ms', false)];
  return [
    {
      rows: producerRows(produce100),
      run: async (broker) =>
        throughputValues(await producerPerformance(broker.bootstrap, topics.small, options.records100B, 100, options.producerProps)),
    },
    {
      rows: producerRows(produce1k),
      run: async (broker) =>
        throughputValues(await producerPerformance(broker.bootstrap, topics.large, options.records1KiB, 1024, options.producerProps)),
    },
    {
      rows: producerRows(consumeKcat),
      run: async (broker) => throughputValues(await kcatConsume(broker.bootstrap, topics.small, options.consumeRecords, 100)),
    },
    {
      rows: [...producerRows(consumeJava), ...producerRows(consumeJavaFetching)],
      run: async (broker) => {
        const { whole, fetching } = await consumerPerformance(broker.bootstrap, topics.small, options.consumeRecords);
        return [...throughputValues(whole), ...throughputValues(fetching)];
      },
    },
    {
      rows: producerRows(ingest),
      run: async (broker) => {
        startWithCleanPageCache();
        return throughputValues(await ingestPrebuiltBatches(broker.bootstrap, topics.ingest, ingestShape));
      },
    },
    {
      rows: latencyRows(latencyPython),
      run: async (broker) => latencyValues(await pythonEndToEndLatency(broker.bootstrap, topics.latencyPython, options.latencyMessages)),
    },
    {
      rows: latencyRows(latencyJava),
      run: async (broker) => latencyValues(await endToEndLatency(broker.bootstrap, topics.latencyJava, options.latencyMessages)),
    },
    {
      rows: [row('broker resident memory after the run', 'MB', false)],
      run: async (broker) => [(await residentSetBytes(broker.process.pid!)) / 1e6],
    },
  ];
}

/**
 * Each ingest run writes about 1 MB per request (1.5 GB by default) into the page cache. On this machine (a VM)
 * writing grows costly once the cache has grown: a run after another spent 1.6-2.5 s of write-thread CPU per GB
 * instead of 0.4 s and reached 130-140 MB/s, where a run after the caches were dropped reached 600-1,000 MB/s.
 * So every run starts from the same state: dirty pages written (sync) and clean ones dropped (as root;
 * otherwise only synced, and the bench says so).
 */
let droppedCachesWarned = false;
function startWithCleanPageCache(): void {
  execFileSync('sync');
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '1');
  } catch (error) {
    if (!droppedCachesWarned) console.error(`[bench] ingest runs start without dropping the page cache: ${(error as Error).message}`);
    droppedCachesWarned = true;
  }
}
/** Runs one step on one broker, returning its values, or null after recording the failure in the table. */
async function runStep(step: BenchStep, broker: BrokerHandle): Promise<number[] | null> {
  console.error(`[bench] ${broker.target}: ${step.rows[0].label}`);
  try {
    return await step.run(broker);
  } catch (error) {
    const message = (error as Error).message;
    step.rows[0].notes.push(`${broker.target} failed: ${message.split('\n')[0].slice(0, 300)}`);
    console.error(`[bench] ${broker.target} failed: ${message}`);
    return null;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Repeats a step on every broker, alternating, and stores the median of each value (or 'failed'). */
async function runStepOnAll(step: BenchStep, brokers: BrokerHandle[], runs: number): Promise<void> {
  const results = new Map<InteropTarget, number[][]>(brokers.map((broker) => [broker.target, []]));
  for (let run = 0; run < runs; run++) {
    for (const broker of brokers) {
      // A broker that failed a step once is not asked again.
      if (results.get(broker.target)!.length < run) continue;
      const values = await runStep(step, broker);
      if (values) results.get(broker.target)!.push(values);
    }
  }
  for (const [target, runValues] of results) {
    step.rows.forEach((measurement, column) => {
      measurement.values[target] = runValues.length === runs ? median(runValues.map((values) => values[column])) : 'failed';
    });
  }
}

async function startTarget(target: InteropTarget): Promise<BrokerHandle> {
  // Kafka's heap as in the reference figures of BENCHMARKS.md (-Xms1g -Xmx1g). Both start a new group's first
  // rebalance at once (Kafka: group.initial.rebalance.delay.ms=0), so a group's join is compared as it is.
  const broker =
    target === 'real-kafka'
      ? await startRealKafka({ heap: { initial: '1g', max: '1g' } })
      : await startBuiltInBroker({ args: ['--group-initial-rebalance-delay-ms', '0'] });
  await createTopics(
    broker.bootstrap,
    Object.values(topics).map((name) => ({ name, partitions: 1 })),
  );
  return broker;
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.only === 'all' || options.only === 'throughput') await runThroughputSection(options);
  if (options.only === 'all' || options.only === 'partitions') {
    const shape = {
      topics: options.partitionTopics,
      partitionsPerTopic: options.partitionsPerTopic,
      sample: options.partitionSample,
      targets: options.targets,
    };
    const rows = await runPartitionsBench(shape);
    console.log(`\nMany partitions on one broker, one broker at a time, ${new Date().toISOString()}\n`);
    console.log(formatResultsTable(rows));
  }
  if (options.only === 'all' || options.only === 'topics-list') {
    const rows = await benchTopicsList();
    console.log(
      `\nConsole topics list (topics.list via tRPC, page 2 of 50 rows, built-in broker), median of 20 calls each, ${topicsListSizes.baseline} vs ${topicsListSizes.large.toLocaleString('en-US')} one-partition topics, ${new Date().toISOString()}\n`,
    );
    console.log(formatScaleTable(rows, `${topicsListSizes.baseline} topics`, `${topicsListSizes.large.toLocaleString('en-US')} topics`));
  }
  if (options.only === 'all' || options.only === 'groups-list') {
    const rows = await benchGroupsList();
    console.log(
      `\nConsole groups list (groups.list via tRPC, built-in broker), median of 10 calls each, ${groupsListSizes.baseline} vs ${groupsListSizes.large.toLocaleString('en-US')} groups, ${new Date().toISOString()}\n`,
    );
    console.log(formatScaleTable(rows, `${groupsListSizes.baseline} groups`, `${groupsListSizes.large.toLocaleString('en-US')} groups`));
  }
  if (options.only === 'all' || options.only === 'sampler') {
    const rows = await benchSampler(['pglite', 'postgres']);
    console.log(
      `\nLag sampler (LagSampler.sampleOnce), ${samplerBenchSize.groups.toLocaleString('en-US')} groups x ${samplerBenchSize.partitionsPerGroup} partitions on the built-in broker, against the 15 s interval budget, ${new Date().toISOString()}\n`,
    );
    console.log(formatSamplerTable(rows));
  }
  if (options.only === 'all' || options.only === 'messages') {
    const rows = await runMessagesSection(options.targets);
    console.log(`\nThe console's message features, one partition, ${new Date().toISOString()}\n`);
    console.log(formatResultsTable(rows));
  }
}

async function runThroughputSection(options: BenchOptions): Promise<void> {
  const steps = benchSteps(options);
  const brokers: BrokerHandle[] = [];
  try {
    for (const target of options.targets) {
      try {
        brokers.push(await startTarget(target));
      } catch (error) {
        steps[0].rows[0].notes.push(`${target} did not start: ${(error as Error).message.split('\n')[0]}`);
        console.error(`[bench] ${target} did not start: ${(error as Error).message}`);
      }
    }
    // Both brokers start cold (JIT, page cache): one unmeasured produce run each first.
    for (const broker of brokers) {
      await producerPerformance(broker.bootstrap, topics.warmUp, warmUpRecords, 100, options.producerProps).catch((error: Error) => {
        console.error(`[bench] ${broker.target}: warm-up failed: ${error.message}`);
      });
    }
    for (const step of steps) await runStepOnAll(step, brokers, options.runs);
  } finally {
    for (const broker of brokers) await broker.stop();
  }
  console.log(`\nOne partition, acks=all, median of ${options.runs} run(s), ${new Date().toISOString()}\n`);
  console.log(formatResultsTable(steps.flatMap((step) => step.rows)));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
