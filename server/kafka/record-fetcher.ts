// Reads records from any cluster without a consumer group: ListOffsets for positions and bounds, Fetch for
// records, through @platformatic/kafka's Consumer used only for those two APIs (it never joins its group).
// One fetcher per scan or tail loop: the client keeps one fetch session per broker, so concurrent scans each
// get their own. Records come back decoded (decompressed by the client), control records dropped and, under
// READ_COMMITTED, records of aborted transactions dropped.
import { Consumer, type fetchV17 } from '@platformatic/kafka';
import { ClusterError } from './cluster-error.ts';
import type { ClusterConnection } from './cluster-client.ts';
import { kafkaErrorMessage } from './kafka-error-message.ts';

export type IsolationLevel = 'READ_COMMITTED' | 'READ_UNCOMMITTED';
export type TimestampType = 'CreateTime' | 'LogAppendTime';

export interface FetchedRecord {
  partition: number;
  offset: bigint;
  timestampMs: number;
  timestampType: TimestampType;
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer | null][];
  /** Key, value and header bytes: what the record costs to hold and to send. */
  sizeBytes: number;
}

export interface PartitionBounds {
  partition: number;
  logStartOffset: bigint;
  /** The high watermark, or under READ_COMMITTED the last stable offset: the first offset not readable. */
  endOffset: bigint;
}

export interface FetchedChunk {
  records: FetchedRecord[];
  /** The offset after the last batch returned (control and aborted batches included): where to fetch next. */
  nextOffset: bigint;
}

/** The topic vanished (deleted) while it was being read. */
export class TopicGoneError extends ClusterError {
  override name = 'TopicGoneError';
}

const connectTimeoutMs = 5_000;
const requestTimeoutMs = 15_000;
const isolationCodes: Record<IsolationLevel, number> = { READ_UNCOMMITTED: 0, READ_COMMITTED: 1 };
// RecordBatch attribute bits (Kafka's DefaultRecordBatch).
const TIMESTAMP_TYPE_BIT = 0x08;
const TRANSACTIONAL_BIT = 0x10;
const CONTROL_BIT = 0x20;
// By code, or by Kafka's own words for them (UNKNOWN_TOPIC_ID: "This server does not host this topic ID.",
// UNKNOWN_TOPIC_OR_PARTITION: "This server does not host this topic-partition."), which is what the client
// reports once a topic is deleted under a running read.
const topicGoneCodes = /UNKNOWN_TOPIC_OR_PARTITION|UNKNOWN_TOPIC_ID|Unknown topic|does not host this topic/i;

export class RecordFetcher {
  readonly #consumer: Consumer;

  constructor(clusterId: string, connection: ClusterConnection) {
    this.#consumer = new Consumer({
      clientId: `samsa-console-${clusterId}-records`,
      // Required by the client's constructor; the fetcher never joins, commits or heartbeats.
      groupId: 'samsa-console-records',
      bootstrapBrokers: connection.bootstrapServers,
      connectTimeout: connectTimeoutMs,
      requestTimeout: requestTimeoutMs,
      timeout: requestTimeoutMs,
      retries: 1,
      sasl: connection.sasl
        ? { mechanism: connection.sasl.mechanism, username: connection.sasl.username, password: connection.sasl.password }
        : undefined,
      tls: connection.tls ? { ca: connection.tls.caPem, rejectUnauthorized: connection.tls.rejectUnauthorized } : undefined,
    });
  }

  async bounds(topic: string, partitions: number[], isolation: IsolationLevel): Promise<PartitionBounds[]> {
    const [earliest, latest] = await Promise.all([
      this.#listOffsets(topic, partitions, -2n, isolation),
      this.#listOffsets(topic, partitions, -1n, isolation),
    ]);
    return partitions.map((partition) => ({ partition, logStartOffset: earliest.get(partition)!, endOffset: latest.get(partition)! }));
  }

  /** The first offset whose timestamp is at or after timestampMs, per partition; null where there is none. */
  async offsetsForTimestamp(
    topic: string,
    partitions: number[],
    timestampMs: number,
    isolation: IsolationLevel,
  ): Promise<Map<number, bigint | null>> {
    const offsets = await this.#listOffsets(topic, partitions, BigInt(timestampMs), isolation);
    return new Map([...offsets].map(([partition, offset]) => [partition, offset < 0n ? null : offset]));
  }

  /** Records from fetchOffset on (at most about maxBytes), waiting up to maxWaitMs when there are none yet. */
  async fetch(
    topic: { name: string; id: string; leader: number },
    partition: number,
    fetchOffset: bigint,
    options: { isolation: IsolationLevel; maxBytes: number; maxWaitMs: number },
  ): Promise<FetchedChunk> {
    let response: fetchV17.FetchResponse;
    try {
      response = await this.#consumer.fetch({
        node: topic.leader,
        topics: [
          {
            topicId: topic.id,
            partitions: [{ partition, fetchOffset, partitionMaxBytes: options.maxBytes, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }],
          },
        ],
        maxBytes: options.maxBytes,
        minBytes: 1,
        maxWaitTime: options.maxWaitMs,
        isolationLevel: isolationCodes[options.isolation],
      });
    } catch (error) {
      throw toClusterError(`read ${topic.name}/${partition} at offset ${fetchOffset}`, error);
    }
    const answered = response.responses[0]?.partitions.find((candidate) => candidate.partitionIndex === partition);
    if (!answered) return { records: [], nextOffset: fetchOffset };
    return decodeBatches(partition, answered, fetchOffset, options.isolation);
  }

  /**
   * Several partitions led by the same broker in one Fetch (the live tail's long poll): returns as soon as any
   * has data, or after maxWaitMs.
   */
  async fetchMany(
    topic: { name: string; id: string },
    leader: number,
    positions: Map<number, bigint>,
    options: { isolation: IsolationLevel; maxBytes: number; partitionMaxBytes: number; maxWaitMs: number },
  ): Promise<Map<number, FetchedChunk>> {
    let response: fetchV17.FetchResponse;
    const partitions = [...positions].map(([partition, fetchOffset]) => ({
      partition,
      fetchOffset,
      partitionMaxBytes: options.partitionMaxBytes,
      currentLeaderEpoch: -1,
      lastFetchedEpoch: -1,
    }));
    try {
      response = await this.#consumer.fetch({
        node: leader,
        topics: [{ topicId: topic.id, partitions }],
        maxBytes: options.maxBytes,
        minBytes: 1,
        maxWaitTime: options.maxWaitMs,
        isolationLevel: isolationCodes[options.isolation],
      });
    } catch (error) {
      throw toClusterError(`read ${topic.name}`, error);
    }
    const chunks = new Map<number, FetchedChunk>();
    for (const answered of response.responses[0]?.partitions ?? []) {
      const fetchOffset = positions.get(answered.partitionIndex);
      if (fetchOffset !== undefined)
        chunks.set(answered.partitionIndex, decodeBatches(answered.partitionIndex, answered, fetchOffset, options.isolation));
    }
    return chunks;
  }

  async close(): Promise<void> {
    await this.#consumer.close(true);
  }

  async #listOffsets(topic: string, partitions: number[], timestamp: bigint, isolation: IsolationLevel): Promise<Map<number, bigint>> {
    let listed: Map<string, bigint[]>;
    try {
      listed = await this.#consumer.listOffsets({
        topics: [topic],
        partitions: { [topic]: partitions },
        timestamp,
        isolationLevel: isolationCodes[isolation],
      });
    } catch (error) {
      throw toClusterError(`list offsets of ${topic}`, error);
    }
    const offsets = listed.get(topic) ?? [];
    return new Map(partitions.map((partition) => [partition, offsets[partition] ?? -1n]));
  }
}

type FetchedPartition = fetchV17.FetchResponsePartition;

/**
 * Kafka's consumer rule for READ_COMMITTED: a producer listed in abortedTransactions has its transactional
 * records dropped from its firstOffset until that producer's ABORT control record.
 */
function decodeBatches(partition: number, answered: FetchedPartition, fetchOffset: bigint, isolation: IsolationLevel): FetchedChunk {
  const records: FetchedRecord[] = [];
  let nextOffset = fetchOffset;
  const pendingAborts = [...(answered.abortedTransactions ?? [])].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : 1));
  const abortedProducers = new Set<bigint>();
  for (const batch of answered.records ?? []) {
    const batchEnd = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
    if (batchEnd > nextOffset) nextOffset = batchEnd;
    if (isolation === 'READ_COMMITTED') {
      while (pendingAborts.length > 0 && pendingAborts[0].firstOffset <= batch.firstOffset + BigInt(batch.lastOffsetDelta)) {
        abortedProducers.add(pendingAborts.shift()!.producerId);
      }
    }
    if (batch.attributes & CONTROL_BIT) {
      const controlType = batch.records[0]?.key?.readInt16BE(2);
      if (controlType === 0) abortedProducers.delete(batch.producerId);
      continue;
    }
    if (batch.attributes & TRANSACTIONAL_BIT && abortedProducers.has(batch.producerId)) continue;
    const logAppendTime = (batch.attributes & TIMESTAMP_TYPE_BIT) !== 0;
    for (const record of batch.records) {
      const offset = batch.firstOffset + BigInt(record.offsetDelta);
      if (offset < fetchOffset) continue;
      const headers: [string, Buffer | null][] = record.headers.map(([name, value]) => [name?.toString('utf8') ?? '', value]);
      let sizeBytes = (record.key?.length ?? 0) + (record.value?.length ?? 0);
      for (const [name, value] of record.headers) sizeBytes += (name?.length ?? 0) + (value?.length ?? 0);
      records.push({
        partition,
        offset,
        timestampMs: Number(logAppendTime ? batch.maxTimestamp : batch.firstTimestamp + record.timestampDelta),
        timestampType: logAppendTime ? 'LogAppendTime' : 'CreateTime',
        key: record.key,
        value: record.value,
        headers,
        sizeBytes,
      });
    }
  }
  return { records, nextOffset };
}

function toClusterError(what: string, error: unknown): ClusterError {
  const message = kafkaErrorMessage(error);
  if (topicGoneCodes.test(message) || topicGoneCodes.test(String((error as { apiId?: string })?.apiId ?? ''))) {
    return new TopicGoneError(`Cannot ${what}: the topic no longer exists (${message}).`, { cause: error });
  }
  return new ClusterError(`Cannot ${what}: ${message}`, { cause: error });
}
