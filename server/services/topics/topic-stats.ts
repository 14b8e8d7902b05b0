// Size on disk, records and last write time per topic, from ListOffsets and DescribeLogDirs. What a
// cluster cannot answer is reported as a reason, never shown as 0.
import type { ClusterClient, TopicInfo } from '../../kafka/cluster-client.ts';
import { listPartitionOffsets } from '../../kafka/partition-offsets.ts';
import { describePartitionSizes } from '../../kafka/partition-sizes.ts';
import { UnsupportedByClusterError } from '../../kafka/cluster-error.ts';

export interface TopicStats {
  /** Every replica on every broker. */
  sizeBytes: number | null;
  /** Sum over partitions of end offset - log start offset (compaction and aborted transactions make it an upper bound). */
  records: number | null;
  lastWriteMs: number | null;
}

export interface TopicStatsResult {
  byTopic: Map<string, TopicStats>;
  sizeUnavailableReason: string | null;
  lastWriteUnavailableReason: string | null;
}

export async function loadTopicStats(client: ClusterClient, topics: TopicInfo[]): Promise<TopicStatsResult> {
  const offsets = await listPartitionOffsets(client, topics);
  let sizes: Map<string, number> | null = null;
  let sizeUnavailableReason: string | null = null;
  try {
    sizes = new Map();
    for (const replica of await describePartitionSizes(client, topics))
      sizes.set(replica.topic, (sizes.get(replica.topic) ?? 0) + replica.sizeBytes);
  } catch (error) {
    if (!(error instanceof UnsupportedByClusterError)) throw error;
    sizes = null;
    sizeUnavailableReason = error.message;
  }
  const byTopic = new Map<string, TopicStats>();
  for (const topic of topics) {
    let records: number | null = null;
    let lastWriteMs: number | null = null;
    for (const partition of offsets.byTopic.get(topic.name)?.values() ?? []) {
      records = (records ?? 0) + partition.endOffset - partition.logStartOffset;
      if (partition.lastRecordTimestampMs !== null) lastWriteMs = Math.max(lastWriteMs ?? 0, partition.lastRecordTimestampMs);
    }
    byTopic.set(topic.name, { sizeBytes: sizes ? (sizes.get(topic.name) ?? 0) : null, records, lastWriteMs });
  }
  return { byTopic, sizeUnavailableReason, lastWriteUnavailableReason: offsets.lastRecordTimestampUnavailableReason };
}
