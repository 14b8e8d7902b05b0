// The timestamp of the record at a given offset, per partition: one small Fetch each (no consumer group), for
// exact time lag = now - timestamp of the first record the group has not consumed. Bounded: at most
// maxPartitions partitions per call, fetchesInFlight at once, fetchMaxBytes per fetch.
import type { TopicInfo } from './cluster-client.ts';
import type { RecordFetcher } from './record-fetcher.ts';

export const maxPartitions = 2_000;
const fetchesInFlight = 8;
// Big enough for the batch holding the offset (the broker returns at least one whole batch anyway).
const fetchMaxBytes = 64 * 1024;

export interface OffsetToTime {
  topic: TopicInfo;
  partition: number;
  offset: number;
}

/** "topic/partition" -> timestamp of the first record at or after offset; absent when none could be read. */
export async function readRecordTimestamps(fetcher: RecordFetcher, wanted: OffsetToTime[]): Promise<Map<string, number>> {
  if (wanted.length > maxPartitions) throw new RangeError(`At most ${maxPartitions} partitions per call, got ${wanted.length}.`);
  const timestamps = new Map<string, number>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < wanted.length) {
      const { topic, partition, offset } = wanted[next++];
      const leader = topic.partitions.find((candidate) => candidate.partition === partition)?.leader ?? -1;
      if (leader < 0) continue;
      try {
        const chunk = await fetcher.fetch({ name: topic.name, id: topic.id, leader }, partition, BigInt(offset), {
          isolation: 'READ_UNCOMMITTED',
          maxBytes: fetchMaxBytes,
          maxWaitMs: 0,
        });
        const record = chunk.records[0];
        if (record) timestamps.set(`${topic.name}/${partition}`, record.timestampMs);
      } catch {
        // A partition that cannot be read shows its time lag as unknown; the offsets are still worth showing.
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(fetchesInFlight, wanted.length) }, worker));
  return timestamps;
}
