// Fetch (1), v4-18 (v18 adds only a follower field). Serves stored batches as file ranges, never decoding records. Long poll: waits up to
// maxWaitMs for minBytes, woken by appends to the requested partitions. Limits: maxBytes for the response,
// partitionMaxBytes per partition, except that the first batch of the first non-empty partition is always
// returned whole (KIP-74) so a consumer never stalls on a big batch. READ_COMMITTED reads stop at the last
// stable offset and list the aborted transactions overlapping the returned batches (consumers drop those
// producers' records up to each abort marker themselves). Sessions (KIP-227) are not kept: every fetch is answered as a full, sessionless fetch
// (SessionId 0), which clients accept; an incremental fetch for a session id gets FETCH_SESSION_ID_NOT_FOUND.
// v0-3 (message format v0/v1 down-conversion) are not offered, as in Kafka 4.

import { readFetchRequest, type FetchRequest } from '../protocol/generated/fetch-request.ts';
import { writeFetchResponse, type FetchResponse, type PartitionData } from '../protocol/generated/fetch-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { partitionKey, type PartitionKey } from '../topics/append-notifier.ts';
import type { PartitionLog } from '../log/partition-log.ts';
import { defineHandler, type BrokerState } from './api-handler.ts';
import { leaderEpochError } from './leader-epoch.ts';
import { publishTraffic } from '../metrics/traffic-channel.ts';
import { BATCH_HEADER_BYTES, LOG_OVERHEAD_BYTES, readBatchHeader } from '../protocol/record-batch.ts';

const READ_COMMITTED = 1;
const FIRST_TOPIC_ID_VERSION = 13;

interface FetchTarget {
  topicKey: { topic: string; topicId: string };
  partition: number;
  fetchOffset: bigint;
  partitionMaxBytes: number;
  log: PartitionLog | null;
  /** Set when the partition cannot be read at all (unknown topic, fenced epoch). */
  errorCode: number;
  key: PartitionKey;
  /** For the traffic metrics (v13+ requests name topics by id only). */
  topicName: string;
}

export const fetchHandler = defineHandler<FetchRequest, FetchResponse>({
  apiKey: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 18,
  readRequest: readFetchRequest,
  writeResponse: writeFetchResponse,
  async handle({ broker, apiVersion, signal }, request) {
    if ((request.sessionId ?? 0) !== 0) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND, sessionId: 0, responses: [] };
    }
    const targets = resolveTargets(broker, request, apiVersion);
    const readCommitted = request.isolationLevel === READ_COMMITTED;
    const deadline = Date.now() + Math.max(0, request.maxWaitMs);
    const maxBytes = request.maxBytes ?? 0x7fffffff;
    for (;;) {
      const { partitions, bytes } = await readAll(targets, maxBytes, readCommitted);
      const anyError = partitions.some((partition) => partition.data.errorCode !== ErrorCode.NONE);
      const remainingMs = deadline - Date.now();
      if (bytes >= request.minBytes || anyError || remainingMs <= 0 || signal.aborted) {
        for (const { target, data } of partitions) publishTraffic('out', target.topicName, target.partition, data.records as Buffer[]);
        return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses: groupByTopic(partitions) };
      }
      await broker.appendNotifier.waitForAppend(
        targets.map((target) => target.key),
        remainingMs,
        signal,
      );
    }
  },
});

function resolveTargets(broker: BrokerState, request: FetchRequest, apiVersion: number): FetchTarget[] {
  const targets: FetchTarget[] = [];
  for (const requested of request.topics) {
    const byId = apiVersion >= FIRST_TOPIC_ID_VERSION;
    const topic = byId ? broker.topics.getById(requested.topicId ?? '') : broker.topics.get(requested.topic ?? '');
    const topicKey = { topic: requested.topic ?? '', topicId: requested.topicId ?? '' };
    for (const partition of requested.partitions) {
      const log = topic?.partitions[partition.partition] ?? null;
      let errorCode = leaderEpochError(partition.currentLeaderEpoch);
      if (log === null) errorCode = byId && topic === undefined ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      targets.push({
        topicKey,
        partition: partition.partition,
        fetchOffset: partition.fetchOffset,
        partitionMaxBytes: partition.partitionMaxBytes,
        log,
        errorCode,
        key: partitionKey(topic?.name ?? '', partition.partition),
        topicName: topic?.name ?? '',
      });
    }
  }
  return targets;
}

async function readAll(targets: readonly FetchTarget[], maxBytes: number, readCommitted: boolean) {
  const partitions: Array<{ target: FetchTarget; data: PartitionData }> = [];
  let bytes = 0;
  for (const target of targets) {
    const data = await readPartition(target, Math.max(0, maxBytes - bytes), bytes === 0, readCommitted);
    for (const buffer of data.records as Buffer[]) bytes += buffer.length;
    partitions.push({ target, data });
  }
  return { partitions, bytes };
}

async function readPartition(
  target: FetchTarget,
  responseBytesLeft: number,
  firstData: boolean,
  readCommitted: boolean,
): Promise<PartitionData> {
  const empty = (errorCode: number): PartitionData => ({
    partitionIndex: target.partition,
    errorCode,
    highWatermark: -1n,
    lastStableOffset: -1n,
    logStartOffset: -1n,
    abortedTransactions: null,
    preferredReadReplica: -1,
    records: [],
  });
  if (target.log === null || target.errorCode !== ErrorCode.NONE) return empty(target.errorCode);
  const log = target.log;
  const result = await log.read(target.fetchOffset, Math.min(target.partitionMaxBytes, responseBytesLeft), {
    minOneBatch: firstData,
    maxOffset: readCommitted ? log.lastStableOffset : log.highWatermark,
  });
  return {
    partitionIndex: target.partition,
    errorCode: result.errorCode,
    highWatermark: log.highWatermark,
    lastStableOffset: log.lastStableOffset,
    logStartOffset: log.logStartOffset,
    abortedTransactions: readCommitted && 'records' in result ? abortedIn(log, target.fetchOffset, result.records) : null,
    preferredReadReplica: -1,
    records: 'records' in result ? result.records : [],
  };
}

/** Aborted transactions with records between the fetch offset and the end of the returned batches. */
function abortedIn(log: PartitionLog, fetchOffset: bigint, chunks: readonly Buffer[]): Array<{ producerId: bigint; firstOffset: bigint }> {
  const endOffset = endOffsetOf(chunks);
  if (endOffset === null) return [];
  return log.abortedTransactions(fetchOffset, endOffset).map(({ producerId, firstOffset }) => ({ producerId, firstOffset }));
}

/** The offset after the last whole batch in the chunks, null when there is none. */
function endOffsetOf(chunks: readonly Buffer[]): bigint | null {
  let endOffset: bigint | null = null;
  for (const chunk of chunks) {
    // Each iteration moves past one batch (at least 61 bytes) or stops.
    for (let position = 0; position + BATCH_HEADER_BYTES <= chunk.length; ) {
      const header = readBatchHeader(chunk, position);
      endOffset = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
      position += header.batchLength + LOG_OVERHEAD_BYTES;
    }
  }
  return endOffset;
}

function groupByTopic(partitions: ReadonlyArray<{ target: FetchTarget; data: PartitionData }>): FetchResponse['responses'] {
  const responses: FetchResponse['responses'] = [];
  for (const { target, data } of partitions) {
    const last = responses.at(-1);
    if (last !== undefined && last.topic === target.topicKey.topic && last.topicId === target.topicKey.topicId) {
      last.partitions.push(data);
    } else {
      responses.push({ topic: target.topicKey.topic, topicId: target.topicKey.topicId, partitions: [data] });
    }
  }
  return responses;
}
