// Command-line options of `npm run bench`. Defaults keep a run of both targets under ~5 minutes.
import type { InteropTarget } from '../e2e/fixtures/broker-handle.ts';

export interface BenchOptions {
  records100B: number;
  records1KiB: number;
  /** Records read back by the consume runs (taken from the 100-byte topic, so at most records100B). */
  consumeRecords: number;
  latencyMessages: number;
  /** Produce requests of the pre-built-batch ingest row, about 1 MB each. */
  ingestRequests: number;
  targets: InteropTarget[];
  /** Extra producer properties for ProducerPerformance, e.g. batch.size=1048576 linger.ms=10. */
  producerProps: string[];
  /** Each measurement is repeated this many times per broker (alternating); the table shows the median. */
  runs: number;
  /**
   * Which section runs: the one-partition throughput/latency section, the many-partitions section, the
   * console's topics-list call at 10,000 topics, or all of them.
   */
  only: 'all' | 'throughput' | 'partitions' | 'topics-list' | 'groups-list' | 'messages' | 'sampler';
  /** Many-partitions section: topics x partitions per topic, and how many random partitions to produce to. */
  partitionTopics: number;
  partitionsPerTopic: number;
  partitionSample: number;
}

export const benchUsage = `Usage: npm run bench -- [options]
  --records-100b N       ProducerPerformance records of 100 B (default 500000)
  --records-1k N         ProducerPerformance records of 1 KiB (default 100000)
  --consume-records N    records consumed back from the 100 B topic (default: all of them)
  --latency-messages N   EndToEndLatency round trips (default 5000)
  --ingest-requests N    Produce requests of about 1 MB in the pre-built-batch ingest row (default 1500)
  --targets LIST         comma-separated: kafka,built-in (default both)
  --runs N               repeat each measurement N times (max 10), alternating brokers; medians shown (default 1)
  --producer-prop K=V    extra producer property, repeatable (e.g. batch.size=1048576 --producer-prop linger.ms=10)
  --only SECTION         throughput (one partition), partitions (many partitions), topics-list (console list call, 100 vs 10,000 topics), groups-list (20 vs 2,000 groups)
                         messages (the console's scan speed, live-tail latency and memory under a 50,000 records/s flood) or sampler (lag sampler, 1,000 groups x 50 partitions); default all
  --partition-topics N   many-partitions section: topics (default 500)
  --partitions-per-topic N   partitions per topic (default 100; 500 x 100 = 50,000 partitions)
  --partition-sample N   random partitions produced to and fetched from (default 200)
Bigger runs, the reference sizes of BENCHMARKS.md: --records-100b 3000000 --records-1k 1000000 --latency-messages 10000 --runs 3`;

const maxRecords = 100_000_000;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    records100B: 500_000,
    records1KiB: 100_000,
    consumeRecords: -1,
    latencyMessages: 5000,
    ingestRequests: 1500,
    targets: ['real-kafka', 'built-in'],
    producerProps: [],
    runs: 1,
    only: 'all',
    partitionTopics: 500,
    partitionsPerTopic: 100,
    partitionSample: 200,
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (flag === '--help' || flag === '-h') throw new Error(benchUsage);
    if (value === undefined) throw new Error(`${flag} needs a value\n${benchUsage}`);
    index++;
    if (flag === '--records-100b') options.records100B = positiveCount(flag, value);
    else if (flag === '--records-1k') options.records1KiB = positiveCount(flag, value);
    else if (flag === '--consume-records') options.consumeRecords = positiveCount(flag, value);
    else if (flag === '--latency-messages') options.latencyMessages = positiveCount(flag, value);
    else if (flag === '--ingest-requests') options.ingestRequests = positiveCount(flag, value);
    else if (flag === '--runs') options.runs = Math.min(positiveCount(flag, value), 10);
    else if (flag === '--producer-prop') options.producerProps.push(value);
    else if (flag === '--targets') options.targets = value.split(',').map(parseTarget);
    else if (flag === '--only') options.only = parseSection(value);
    else if (flag === '--partition-topics') options.partitionTopics = positiveCount(flag, value);
    else if (flag === '--partitions-per-topic') options.partitionsPerTopic = Math.min(positiveCount(flag, value), 10_000);
    else if (flag === '--partition-sample') options.partitionSample = positiveCount(flag, value);
    else throw new Error(`unknown option ${flag}\n${benchUsage}`);
  }
  if (options.consumeRecords < 0 || options.consumeRecords > options.records100B) options.consumeRecords = options.records100B;
  return options;
}

function positiveCount(flag: string, value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count <= 0 || count > maxRecords) throw new Error(`${flag} must be an integer in 1..${maxRecords}`);
  return count;
}

function parseTarget(name: string): InteropTarget {
  if (name === 'kafka' || name === 'real-kafka') return 'real-kafka';
  if (name === 'built-in') return 'built-in';
  throw new Error(`unknown target ${name}: use kafka or built-in`);
}

function parseSection(name: string): BenchOptions['only'] {
  if (
    name === 'throughput' ||
    name === 'partitions' ||
    name === 'topics-list' ||
    name === 'groups-list' ||
    name === 'messages' ||
    name === 'sampler'
  )
    return name;
  throw new Error(`unknown section ${name}: use throughput, partitions, topics-list, groups-list, messages or sampler`);
}
