// Where a browse starts in each partition: the newest records (reading backward from the end), the earliest,
// an offset, the first record at or after a timestamp, or a cursor from an earlier page. Offsets outside
// [logStartOffset, end] are clamped, and the clamping is reported as a note the page shows.
import type { PartitionBounds, RecordFetcher, IsolationLevel } from '../../kafka/record-fetcher.ts';
import type { ScanDirection, ScanPartition } from './record-scan.ts';

export type StartFrom = 'latest' | 'earliest' | 'offset' | 'timestamp';

export interface StartRequest {
  from: StartFrom;
  offset?: bigint;
  timestampMs?: number;
  cursor?: Map<number, bigint>;
}

export interface ResolvedStart {
  direction: ScanDirection;
  partitions: ScanPartition[];
  notes: string[];
}

export function directionOf(from: StartFrom): ScanDirection {
  return from === 'latest' ? 'backward' : 'forward';
}

export async function resolveStartPositions(
  fetcher: RecordFetcher,
  topic: string,
  partitions: { partition: number; leader: number }[],
  isolation: IsolationLevel,
  request: StartRequest,
): Promise<ResolvedStart> {
  const direction = directionOf(request.from);
  const bounds = await fetcher.bounds(
    topic,
    partitions.map((partition) => partition.partition),
    isolation,
  );
  const leaders = new Map(partitions.map((partition) => [partition.partition, partition.leader]));
  const notes: string[] = [];
  const stopOf = (bound: PartitionBounds) => (direction === 'forward' ? bound.endOffset : bound.logStartOffset);
  const clamp = (bound: PartitionBounds, wanted: bigint, what: string): bigint => {
    if (wanted < bound.logStartOffset) {
      notes.push(
        `Partition ${bound.partition}: ${what} ${wanted} is below the log start ${bound.logStartOffset}; starting at ${bound.logStartOffset}.`,
      );
      return bound.logStartOffset;
    }
    if (wanted > bound.endOffset) {
      notes.push(`Partition ${bound.partition}: ${what} ${wanted} is past the end ${bound.endOffset}; starting at ${bound.endOffset}.`);
      return bound.endOffset;
    }
    return wanted;
  };

  let starts: Map<number, bigint>;
  if (request.cursor) {
    starts = new Map();
    for (const bound of bounds) {
      const at = request.cursor.get(bound.partition);
      if (at !== undefined) starts.set(bound.partition, clamp(bound, at, 'cursor'));
    }
  } else if (request.from === 'latest') {
    starts = new Map(bounds.map((bound) => [bound.partition, bound.endOffset]));
  } else if (request.from === 'earliest') {
    starts = new Map(bounds.map((bound) => [bound.partition, bound.logStartOffset]));
  } else if (request.from === 'offset') {
    starts = new Map(bounds.map((bound) => [bound.partition, clamp(bound, request.offset ?? 0n, 'offset')]));
  } else {
    const found = await fetcher.offsetsForTimestamp(
      topic,
      bounds.map((bound) => bound.partition),
      request.timestampMs ?? 0,
      isolation,
    );
    starts = new Map(bounds.map((bound) => [bound.partition, found.get(bound.partition) ?? bound.endOffset]));
    if ([...found.values()].every((offset) => offset === null)) {
      notes.push(`No record has a timestamp at or after ${new Date(request.timestampMs ?? 0).toISOString()}: the newest record is older.`);
    }
  }
  const scanPartitions: ScanPartition[] = [];
  for (const bound of bounds) {
    const start = starts.get(bound.partition);
    if (start === undefined) continue;
    scanPartitions.push({ partition: bound.partition, leader: leaders.get(bound.partition)!, start, stop: stopOf(bound) });
  }
  return { direction, partitions: scanPartitions, notes };
}
