// Runs Kafka's perf tools (and kcat for a group-less consume) against one broker and parses their output.
import { kafkaTools, runKafkaTool } from '../e2e/fixtures/kafka-cli.ts';
import { runKcat } from '../e2e/fixtures/kcat.ts';
import { pythonBinary } from '../e2e/fixtures/repo-paths.ts';
import { runProcess, tail, type ProcessResult } from '../e2e/fixtures/run-process.ts';
import { fileURLToPath } from 'node:url';

export interface Throughput {
  recordsPerSecond: number;
  megabytesPerSecond: number;
  detail: string;
}

export interface Latency {
  p50Ms: number;
  p99Ms: number;
  avgMs: number;
}

const perfTimeoutMs = 240_000;
const perfJvm = { maxHeap: '1g', fastStartup: false, timeoutMs: perfTimeoutMs } as const;

function failure(tool: string, result: ProcessResult): Error {
  const reason = result.timedOut ? `timed out after ${perfTimeoutMs} ms` : `exited ${result.exitCode}`;
  return new Error(`${tool} ${reason}: ${tail(result.stderr.trim() || result.stdout.trim(), 600)}`);
}

/**
 * ProducerPerformance, acks=all; its last line: "N records sent, R records/sec (M MB/sec), ...". At full speed,
 * or paced at `throughput` records/s.
 */
export async function producerPerformance(
  bootstrap: string,
  topic: string,
  records: number,
  recordBytes: number,
  extraProps: string[],
  throughput = -1,
): Promise<Throughput> {
  const args = [
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(recordBytes),
    '--throughput',
    String(throughput),
    '--producer-props',
    `bootstrap.servers=${bootstrap}`,
    'acks=all',
    ...extraProps,
  ];
  const result = await runKafkaTool(kafkaTools.producerPerfTest, args, perfJvm);
  const summary =
    /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency.*?(\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th/.exec(
      result.stdout,
    );
  if (result.exitCode !== 0 || !summary) throw failure('ProducerPerformance', result);
  if (Number(summary[1]) !== records) throw new Error(`ProducerPerformance sent ${summary[1]} of ${records} records`);
  return {
    recordsPerSecond: Number(summary[2]),
    megabytesPerSecond: Number(summary[3]),
    detail: `avg ${summary[4]} ms, p99 ${summary[7]} ms per send`,
  };
}

/**
 * ConsumerPerformance (subscribes with a consumer group). `whole` is the tool's whole run (MB.sec, nMsg.sec:
 * metadata, group join and fetching); `fetching` its fetch.* columns, which leave the group join out.
 */
export async function consumerPerformance(
  bootstrap: string,
  topic: string,
  records: number,
): Promise<{ whole: Throughput; fetching: Throughput }> {
  const args = ['--bootstrap-server', bootstrap, '--topic', topic, '--num-records', String(records), '--timeout', '60000'];
  const result = await runKafkaTool(kafkaTools.consumerPerfTest, args, perfJvm);
  const lines = result.stdout.trim().split('\n');
  const header = lines.findIndex((line) => line.startsWith('start.time'));
  if (result.exitCode !== 0 || header < 0 || !lines[header + 1]) throw failure('ConsumerPerformance', result);
  const names = lines[header].split(',').map((name) => name.trim());
  const values = lines[header + 1].split(',').map((value) => value.trim());
  const column = (name: string) => Number(values[names.indexOf(name)]);
  if (column('data.consumed.in.nMsg') < records)
    throw new Error(`ConsumerPerformance consumed ${column('data.consumed.in.nMsg')} of ${records}`);
  const detail = `rebalance ${column('rebalance.time.ms')} ms, fetching ${column('fetch.time.ms')} ms`;
  return {
    whole: { recordsPerSecond: column('nMsg.sec'), megabytesPerSecond: column('MB.sec'), detail },
    fetching: { recordsPerSecond: column('fetch.nMsg.sec'), megabytesPerSecond: column('fetch.MB.sec'), detail },
  };
}

/** kcat reading one partition from the beginning to the end, no group: wall time of the whole process. */
export async function kcatConsume(bootstrap: string, topic: string, records: number, recordBytes: number): Promise<Throughput> {
  const startedMs = performance.now();
  const args = ['-b', bootstrap, '-C', '-t', topic, '-p', '0', '-o', 'beginning', '-c', String(records), '-e', '-q', '-f', '%o\n'];
  const result = await runKcat(args, { timeoutMs: perfTimeoutMs });
  const elapsedS = (performance.now() - startedMs) / 1000;
  const lastOffset = Number(result.stdout.trim().split('\n').pop());
  if (result.exitCode !== 0 || lastOffset !== records - 1) throw failure(`kcat -C (last offset ${lastOffset})`, result);
  return {
    recordsPerSecond: records / elapsedS,
    megabytesPerSecond: (records * recordBytes) / elapsedS / 1e6,
    detail: `${elapsedS.toFixed(2)} s incl. process start`,
  };
}

/** EndToEndLatency: one record at a time, produce (acks=all) then consume it back (assigned, no group). */
export async function endToEndLatency(bootstrap: string, topic: string, messages: number): Promise<Latency> {
  const result = await runKafkaTool(kafkaTools.endToEndLatency, [bootstrap, topic, String(messages), 'all', '100'], perfJvm);
  const average = /Avg latency: ([\d.]+) ms/.exec(result.stdout);
  const percentiles = /50th = (\d+), 99th = (\d+)/.exec(result.stdout);
  if (result.exitCode !== 0 || !average || !percentiles) throw failure('EndToEndLatency', result);
  return { avgMs: Number(average[1]), p50Ms: Number(percentiles[1]), p99Ms: Number(percentiles[2]) };
}

/** Group-less produce->consume latency from bench/python/e2e_latency.py (librdkafka on both ends). */
export async function pythonEndToEndLatency(bootstrap: string, topic: string, messages: number): Promise<Latency> {
  const script = fileURLToPath(new URL('./python/e2e_latency.py', import.meta.url));
  const result = await runProcess(pythonBinary, [script, bootstrap, topic, String(messages), '100'], { timeoutMs: perfTimeoutMs });
  const lastLine = result.stdout.trim().split('\n').pop() ?? '';
  if (result.exitCode !== 0 || !lastLine.startsWith('{')) throw failure('e2e_latency.py', result);
  return JSON.parse(lastLine) as Latency;
}
