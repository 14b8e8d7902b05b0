// Node flags the broker process runs with, as Kafka's start scripts size the JVM's heap (-Xms/-Xmx): every
// launcher passes them (`npm run broker`, `npm start`, the test and bench fixtures), and main.ts says so when
// they are missing.
//
// --initial-old-space-size: a broker moves far more bytes through Buffers than it keeps on the JavaScript heap.
// Every socket read is a fresh 64 KiB Buffer, dead once its bytes are copied into a frame, yet freed only at
// V8's next young collection, after up to ~32 MB of them. Once past start-up, V8 sizes the old generation's
// limit from the broker's small live heap (~12 MB, limit ~27 MB) and counts that churn against it, so under a
// stream of produce requests every ~30 MB received started a full collection: 50 per 1.5 GB of 1 MB batches,
// a third of the broker's CPU (`--trace-gc`). With a 64 MB floor under the limit there are none
// (node-flags.test.ts counts them); up to ~40 MB more garbage waits for a collection.
export const BROKER_NODE_FLAGS: readonly string[] = ['--initial-old-space-size=64'];

/** The flags of BROKER_NODE_FLAGS this process was not started with. */
export function missingBrokerNodeFlags(execArgv: readonly string[] = process.execArgv): string[] {
  return BROKER_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
}
