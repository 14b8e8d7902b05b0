// When was the record at an offset written, once the record itself is gone (retention, DeleteRecords)? The
// sampled end offsets say: between the last sample whose end offset had not reached it and the first that
// had passed it, interpolated as if records arrived evenly in between. Raw samples first (every interval),
// then the minute and hour roll-ups for older offsets (their time is the bucket's start, their offset the
// bucket's last: coarser, still an estimate). Null when the history does not reach back to the offset.
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { lagResolutions, lagTopics, topicOffsetSamples } from '../db/schema/index.ts';

export interface OffsetWriteTimeQuery {
  clusterId: string;
  topic: string;
  partition: number;
  offset: number;
}

export async function estimateOffsetWriteTime(db: Database, query: OffsetWriteTimeQuery): Promise<number | null> {
  const [topic] = await db
    .select({ id: lagTopics.id })
    .from(lagTopics)
    .where(and(eq(lagTopics.clusterId, query.clusterId), eq(lagTopics.topic, query.topic)));
  if (!topic) return null;
  // SQL arrays are 1-based: element p+1 is partition p.
  const endOffset = sql<number | null>`${topicOffsetSamples.endOffsets}[${query.partition + 1}]`;
  for (const resolution of [lagResolutions.raw, lagResolutions.minute, lagResolutions.hour]) {
    const ofTopic = and(eq(topicOffsetSamples.topicKey, topic.id), eq(topicOffsetSamples.resolution, resolution));
    const [after] = await db
      .select({ sampledAt: topicOffsetSamples.sampledAt, endOffset })
      .from(topicOffsetSamples)
      .where(and(ofTopic, sql`${endOffset} > ${query.offset}`))
      .orderBy(asc(topicOffsetSamples.sampledAt))
      .limit(1);
    if (!after) continue;
    const [before] = await db
      .select({ sampledAt: topicOffsetSamples.sampledAt, endOffset })
      .from(topicOffsetSamples)
      .where(and(ofTopic, sql`${endOffset} <= ${query.offset}`, lt(topicOffsetSamples.sampledAt, after.sampledAt)))
      .orderBy(desc(topicOffsetSamples.sampledAt))
      .limit(1);
    if (!before) continue;
    const beforeEnd = Number(before.endOffset);
    const afterEnd = Number(after.endOffset);
    const fraction = (query.offset - beforeEnd + 1) / (afterEnd - beforeEnd);
    const beforeMs = before.sampledAt.getTime();
    return Math.round(beforeMs + fraction * (after.sampledAt.getTime() - beforeMs));
  }
  return null;
}
