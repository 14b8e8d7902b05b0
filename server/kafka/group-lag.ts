// Pure lag maths for one consumer group, in the manner of franz-go's kadm.CalculateGroupLag: every partition
// of every topic the group commits to or is assigned gets a kind, and the edge cases are returned as kinds,
// never hidden as a lag of 0. lag = highWatermark (endOffset) - committedOffset.

export interface PartitionEnds {
  logStartOffset: number;
  /** The high watermark: the offset the next record will get. */
  endOffset: number;
}

export type PartitionLagKind =
  /** committedOffset within [logStartOffset, endOffset]: lag = endOffset - committedOffset. */
  | 'ok'
  /** The group never committed here: a consumer starts from its auto.offset.reset. */
  | 'noCommit'
  /** Committed below the log start: records in between were removed (retention, DeleteRecords) unread. */
  | 'belowLogStart'
  /** Committed past the end (the topic was recreated or truncated): the consumer will reset. */
  | 'aboveEnd'
  /** The cluster gave no offsets for the partition (no leader, deleted topic). */
  | 'unknownEnd';

export interface PartitionLag {
  topic: string;
  partition: number;
  kind: PartitionLagKind;
  committedOffset: number | null;
  logStartOffset: number | null;
  endOffset: number | null;
  /** Records between the committed offset and the end; null when there is no meaningful lag (see kind). */
  lag: number | null;
  /** belowLogStart: records removed before the group read them (logStartOffset - committedOffset). */
  lostRecords: number | null;
  /** The commit's metadata string, as the consumer wrote it. */
  metadata: string | null;
  /** The member assigned this partition, when the group is active. */
  memberId: string | null;
}

export interface TopicLag {
  topic: string;
  partitions: PartitionLag[];
  /** Sum of lag over the partitions with kind 'ok' (the others are counted apart). */
  lag: number;
  /** Partitions whose kind is not 'ok'. */
  edgeCases: number;
}

export interface CommittedOffset {
  offset: number;
  metadata: string | null;
}

export interface GroupLagInput {
  /** topic -> partition -> committed offset (partitions the group never committed are absent). */
  committed: Map<string, Map<number, CommittedOffset>>;
  /** topic -> partition -> bounds; a partition absent here is 'unknownEnd'. */
  ends: Map<string, Map<number, PartitionEnds>>;
  /** topic -> partition -> member id, from the group's current assignment. */
  assigned: Map<string, Map<number, string>>;
}

export function calculatePartitionLag(
  committed: CommittedOffset | undefined,
  ends: PartitionEnds | undefined,
): Pick<PartitionLag, 'kind' | 'lag' | 'lostRecords'> {
  if (!ends) return { kind: 'unknownEnd', lag: null, lostRecords: null };
  if (!committed || committed.offset < 0) return { kind: 'noCommit', lag: null, lostRecords: null };
  if (committed.offset > ends.endOffset) return { kind: 'aboveEnd', lag: null, lostRecords: null };
  if (committed.offset < ends.logStartOffset) {
    // What the consumer will still read once it resumes at the log start, and how many it never will.
    return { kind: 'belowLogStart', lag: ends.endOffset - ends.logStartOffset, lostRecords: ends.logStartOffset - committed.offset };
  }
  return { kind: 'ok', lag: ends.endOffset - committed.offset, lostRecords: null };
}

/**
 * Lag of every partition the group committed to or is assigned, grouped by topic, sorted by topic then
 * partition. For an assigned topic every partition the cluster knows is listed, committed or not.
 */
export function calculateGroupLag(input: GroupLagInput): TopicLag[] {
  const topics = new Set([...input.committed.keys(), ...input.assigned.keys()]);
  const result: TopicLag[] = [];
  for (const topic of [...topics].sort()) {
    const committed = input.committed.get(topic) ?? new Map<number, CommittedOffset>();
    const ends = input.ends.get(topic) ?? new Map<number, PartitionEnds>();
    const assigned = input.assigned.get(topic) ?? new Map<number, string>();
    const partitionIds = new Set([...committed.keys(), ...assigned.keys()]);
    if (assigned.size > 0) for (const partition of ends.keys()) partitionIds.add(partition);
    const partitions: PartitionLag[] = [...partitionIds]
      .sort((a, b) => a - b)
      .map((partition) => {
        const commit = committed.get(partition);
        const end = ends.get(partition);
        return {
          topic,
          partition,
          ...calculatePartitionLag(commit, end),
          committedOffset: commit && commit.offset >= 0 ? commit.offset : null,
          logStartOffset: end?.logStartOffset ?? null,
          endOffset: end?.endOffset ?? null,
          metadata: commit?.metadata ?? null,
          memberId: assigned.get(partition) ?? null,
        };
      });
    let lag = 0;
    let edgeCases = 0;
    for (const partition of partitions) {
      if (partition.kind === 'ok') lag += partition.lag ?? 0;
      else edgeCases++;
    }
    result.push({ topic, partitions, lag, edgeCases });
  }
  return result;
}
