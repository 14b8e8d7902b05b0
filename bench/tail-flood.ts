// The live tail's flood: Kafka's ProducerPerformance (its own JVM) writing 100 B records into one topic at a
// fixed rate, shared by the server-side flood (bench/messages-bench.ts) and the page under flood
// (bench/tail-page-bench.ts), so both watch the same load.
import { producerPerformance, type Throughput } from './perf-tools.ts';

export interface FloodShape {
  floodRecordsPerSecond: number;
  floodSeconds: number;
}

export const floodRecordBytes = 100;

export function floodTopic(bootstrap: string, topic: string, shape: FloodShape): Promise<Throughput> {
  return producerPerformance(
    bootstrap,
    topic,
    shape.floodRecordsPerSecond * shape.floodSeconds,
    floodRecordBytes,
    ['acks=1', 'linger.ms=5'],
    shape.floodRecordsPerSecond,
  );
}
