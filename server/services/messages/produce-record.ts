// Produces one record from the console. Members only to their team's topics; audited before it happens with
// where it went and the sizes of key and value, never the payload itself.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { maxTopicNameLength } from '../../../domain/topic-name.ts';
import { partitionForKey } from '../../kafka/murmur2.ts';
import { produceRecord as produceToCluster } from '../../kafka/record-producer.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ValidationError } from '../service-error.ts';
import { assertMayChangeTopic } from '../topics/topic-ownership.ts';
import { findTopic } from './find-topic.ts';

const maxPayloadChars = 1024 * 1024;

const Payload = z.object({
  format: z.enum(['text', 'json', 'base64']),
  data: z.string().max(maxPayloadChars * 2),
});

export const ProduceRecordInput = z.object({
  clusterId: z.string().min(1).max(100),
  topic: z.string().min(1).max(maxTopicNameLength),
  /** Absent: by key (Kafka's default partitioner), or any partition when there is no key. */
  partition: z.number().int().min(0).max(1_000_000).optional(),
  /** Absent: a null key. */
  key: Payload.optional(),
  /** Absent: a null value (a tombstone). */
  value: Payload.optional(),
  headers: z
    .array(z.object({ name: z.string().min(1).max(255), value: z.string().max(64 * 1024) }))
    .max(64)
    .default([]),
  timestampMs: z.number().int().min(0).max(8_640_000_000_000_000).optional(),
});
export type ProduceRecordInput = z.infer<typeof ProduceRecordInput>;

export interface ProducedRecord {
  partition: number;
  offset: string;
}

export async function produceRecord({ ctx, input: rawInput }: VerbArgs<typeof ProduceRecordInput>): Promise<ProducedRecord> {
  const input = ProduceRecordInput.parse(rawInput);
  await assertMayChangeTopic(ctx, input.topic);
  const key = input.key ? toBytes('key', input.key) : null;
  const value = input.value ? toBytes('value', input.value) : null;
  const topic = await findTopic(ctx, input.clusterId, input.topic);
  if (input.partition !== undefined && input.partition >= topic.partitionCount) {
    throw new ValidationError(
      `Topic ${topic.name} has ${topic.partitionCount} partitions (0 to ${topic.partitionCount - 1}); there is no partition ${input.partition}.`,
    );
  }
  const partition = input.partition ?? (key ? partitionForKey(key, topic.partitionCount) : randomInt(topic.partitionCount));
  const parameters = {
    partition,
    keySizeBytes: key?.length ?? null,
    valueSizeBytes: value?.length ?? null,
    headerCount: input.headers.length,
    timestampMs: input.timestampMs ?? null,
  };
  const connection = await ctx.clusters.connection(input.clusterId);
  return recordChange(
    ctx,
    { action: 'records.produce', clusterId: input.clusterId, resourceType: 'topic', resourceName: topic.name, parameters },
    async () => {
      const written = await produceToCluster(input.clusterId, connection, {
        topic: topic.name,
        partition,
        key,
        value,
        headers: input.headers.map((header) => [header.name, Buffer.from(header.value, 'utf8')]),
        timestampMs: input.timestampMs ?? null,
      });
      const result = { partition: written.partition, offset: written.offset.toString() };
      return { result, after: result };
    },
  );
}

function toBytes(what: string, payload: z.infer<typeof Payload>): Buffer {
  let bytes: Buffer;
  if (payload.format === 'base64') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload.data.replace(/\s/g, ''))) throw new ValidationError(`The ${what} is not valid base64.`);
    bytes = Buffer.from(payload.data, 'base64');
  } else {
    if (payload.format === 'json') {
      try {
        JSON.parse(payload.data);
      } catch (error) {
        throw new ValidationError(`The ${what} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    bytes = Buffer.from(payload.data, 'utf8');
  }
  if (bytes.length > maxPayloadChars)
    throw new ValidationError(`The ${what} is ${bytes.length} bytes; at most ${maxPayloadChars} can be produced from the console.`);
  return bytes;
}
