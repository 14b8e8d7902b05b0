// The live tail of a topic for one viewer: joins the shared fetch loop of (cluster, topic, isolation level),
// with this viewer's filters applied on the server, and yields batches of new records with the count (and
// offsets) of any it had to skip. `resumeFrom` (or the SSE Last-Event-ID after a dropped connection) continues
// exactly after the last record the page saw.
import { z } from 'zod';
import type { VerbArgs } from '../service-context.ts';
import { findTopic } from './find-topic.ts';
import { compileRecordFilter, RecordFilter } from './record-filter.ts';
import type { RecordView } from './record-view.ts';
import { TailViewer, type SkippedRange } from './tail-hub.ts';

const positionsText = z
  .string()
  .regex(/^(\d{1,7}:\d{1,19})(,\d{1,7}:\d{1,19}){0,9999}$/, 'partition:offset pairs, comma-separated')
  .max(300_000);

export const TailRecordsInput = z.object({
  clusterId: z.string().min(1).max(100),
  topic: z.string().min(1).max(249),
  partition: z.number().int().min(0).max(1_000_000).optional(),
  isolation: z.enum(['READ_COMMITTED', 'READ_UNCOMMITTED']).default('READ_UNCOMMITTED'),
  filter: RecordFilter.default({}),
  /** Continue after these positions (partition:nextOffset,...), e.g. after a pause. */
  resumeFrom: positionsText.optional(),
  /** Set by the SSE client on reconnect: the id of the last batch it received (same format as resumeFrom). */
  lastEventId: positionsText.optional(),
});
export type TailRecordsInput = z.infer<typeof TailRecordsInput>;

export interface TailEvent {
  records: RecordView[];
  skipped: number;
  skippedRanges: SkippedRange[];
  /** partition:nextOffset pairs: where this viewer continues. */
  resumeAt: string;
}

/** Records per event, and records a viewer may have waiting before new ones are skipped for it. */
export const maxRecordsPerEvent = 200;
export const viewerQueueLimit = 1_000;
const idleEventMs = 1_000;

export async function* tailRecords({ ctx, input: rawInput }: VerbArgs<typeof TailRecordsInput>): AsyncGenerator<TailEvent> {
  const input = TailRecordsInput.parse(rawInput);
  const predicate = compileRecordFilter(input.filter);
  const topic = await findTopic(ctx, input.clusterId, input.topic);
  const viewer = new TailViewer({
    predicate,
    partitions: input.partition !== undefined ? [input.partition] : null,
    queueLimit: viewerQueueLimit,
  });
  const resumeText = input.lastEventId ?? input.resumeFrom;
  const resumeFrom = resumeText
    ? new Map(
        resumeText
          .split(',')
          .map((pair) => pair.split(':'))
          .map(([partition, offset]) => [Number(partition), BigInt(offset)]),
      )
    : null;
  const membership = await ctx.tails.join(
    input.clusterId,
    await ctx.clusters.connection(input.clusterId),
    topic,
    input.isolation,
    viewer,
    resumeFrom,
  );
  try {
    // A first, empty event tells the page where it stands (and that the tail is live).
    yield { records: [], skipped: 0, skippedRanges: [], resumeAt: formatPositions(new Map(viewer.next)) };
    for (;;) {
      // An empty event at least every idleEventMs: the generator then sits at a yield, where a closed
      // connection ends it (and this viewer leaves the loop) within that time.
      const batch = await viewer.take(maxRecordsPerEvent, idleEventMs);
      yield {
        records: batch.records,
        skipped: batch.skipped,
        skippedRanges: batch.skippedRanges,
        resumeAt: formatPositions(batch.resumeAt),
      };
    }
  } finally {
    membership.leave();
  }
}

function formatPositions(positions: Map<number, bigint>): string {
  return [...positions].map(([partition, offset]) => `${partition}:${offset}`).join(',');
}
