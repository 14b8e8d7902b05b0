// One record by partition and offset (the deep link /topics/<topic>/messages/<partition>/<offset>). Payloads
// are cut to the preview limit unless the whole value is asked for ("load whole value"), up to wholeLimitBytes.
import { z } from 'zod';
import { maxTopicNameLength } from '../../../domain/topic-name.ts';
import { RecordFetcher } from '../../kafka/record-fetcher.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';
import { findTopic } from './find-topic.ts';
import { previewLimitBytes, toRecordView, type RecordView } from './record-view.ts';

const wholeLimitBytes = 16 * 1024 * 1024;

export const GetRecordInput = z.object({
  clusterId: z.string().min(1).max(100),
  topic: z.string().min(1).max(maxTopicNameLength),
  partition: z.number().int().min(0).max(1_000_000),
  offset: z
    .string()
    .max(19)
    .regex(/^\d{1,19}$/, 'An offset is a whole number'),
  isolation: z.enum(['READ_COMMITTED', 'READ_UNCOMMITTED']).default('READ_UNCOMMITTED'),
  whole: z.boolean().default(false),
});
export type GetRecordInput = z.infer<typeof GetRecordInput>;

export async function getRecord({ ctx, input: rawInput }: VerbArgs<typeof GetRecordInput>): Promise<RecordView> {
  const input = GetRecordInput.parse(rawInput);
  const topic = await findTopic(ctx, input.clusterId, input.topic);
  const partition = topic.partitions.find((candidate) => candidate.partition === input.partition);
  if (!partition) throw new NotFoundError(`Topic ${topic.name} has no partition ${input.partition} (it has ${topic.partitionCount}).`);
  const offset = BigInt(input.offset);
  const fetcher = new RecordFetcher(input.clusterId, await ctx.clusters.connection(input.clusterId));
  try {
    const [bounds] = await fetcher.bounds(topic.name, [input.partition], input.isolation);
    if (offset < bounds.logStartOffset)
      throw new NotFoundError(
        `Offset ${offset} is below the log start ${bounds.logStartOffset} of partition ${input.partition}: deleted by retention or DeleteRecords.`,
      );
    if (offset >= bounds.endOffset)
      throw new NotFoundError(
        `Offset ${offset} is past the end of partition ${input.partition} (the next record gets ${bounds.endOffset}).`,
      );
    const chunk = await fetcher.fetch({ name: topic.name, id: topic.id, leader: partition.leader }, input.partition, offset, {
      isolation: input.isolation,
      maxBytes: input.whole ? wholeLimitBytes : 1024 * 1024,
      maxWaitMs: 0,
    });
    const record = chunk.records.find((candidate) => candidate.offset === offset);
    if (!record)
      throw new NotFoundError(
        `Partition ${input.partition} has no record at offset ${offset}: removed by compaction, a transaction marker, or an aborted transaction.`,
      );
    return toRecordView(record, input.whole ? wholeLimitBytes : previewLimitBytes);
  } finally {
    await fetcher.close();
  }
}
