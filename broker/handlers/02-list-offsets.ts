// ListOffsets (2), v1-11 (Kafka 4 removed v0; v10's TimeoutMs only matters for remote storage). Special
// timestamps: -1 latest (high watermark, or last stable offset under READ_COMMITTED), -2 earliest (log start
// offset), -3 the record with the largest timestamp (v7+), -4 earliest local (v8+; no tiered storage here,
// so the log start offset), -5 latest tiered (v9+) and -6 earliest pending upload (v11+): nothing is ever
// uploaded, so not found. As Kafka 4.3, a special timestamp older than its version, or any other negative
// one, answers UNSUPPORTED_VERSION. A real timestamp finds the first offset whose record timestamp is >= it;
// not found is offset -1 with leader epoch -1.

import { readListOffsetsRequest, type ListOffsetsRequest } from '../protocol/generated/list-offsets-request.ts';
import {
  writeListOffsetsResponse,
  type ListOffsetsResponse,
  type ListOffsetsPartitionResponse,
} from '../protocol/generated/list-offsets-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { PartitionLog } from '../log/partition-log.ts';
import { defineHandler } from './api-handler.ts';
import { LEADER_EPOCH, leaderEpochError } from './leader-epoch.ts';

const LATEST = -1n;
const EARLIEST = -2n;
const MAX_TIMESTAMP = -3n;
const EARLIEST_LOCAL = -4n;
const LATEST_TIERED = -5n;
const EARLIEST_PENDING_UPLOAD = -6n;
/** The first version that may ask for each special timestamp (-1 and -2: every version). */
const FIRST_VERSION_OF_TIMESTAMP = new Map([
  [LATEST, 0],
  [EARLIEST, 0],
  [MAX_TIMESTAMP, 7],
  [EARLIEST_LOCAL, 8],
  [LATEST_TIERED, 9],
  [EARLIEST_PENDING_UPLOAD, 11],
]);
const READ_COMMITTED = 1;

export const listOffsetsHandler = defineHandler<ListOffsetsRequest, ListOffsetsResponse>({
  apiKey: 2,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 11,
  readRequest: readListOffsetsRequest,
  writeResponse: writeListOffsetsResponse,
  async handle({ broker, apiVersion }, request) {
    const readCommitted = request.isolationLevel === READ_COMMITTED;
    const topics = [];
    for (const requested of request.topics) {
      const topic = broker.topics.get(requested.name);
      const partitions: ListOffsetsPartitionResponse[] = [];
      for (const partition of requested.partitions) {
        const log = topic?.partitions[partition.partitionIndex];
        const epochError = leaderEpochError(partition.currentLeaderEpoch);
        const found =
          log === undefined
            ? { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, offset: -1n, timestamp: -1n }
            : epochError !== ErrorCode.NONE
              ? { errorCode: epochError, offset: -1n, timestamp: -1n }
              : partition.timestamp < 0n && !((FIRST_VERSION_OF_TIMESTAMP.get(partition.timestamp) ?? Infinity) <= apiVersion)
                ? { errorCode: ErrorCode.UNSUPPORTED_VERSION, offset: -1n, timestamp: -1n }
                : await lookUpOffset(log, partition.timestamp, readCommitted);
        partitions.push({
          partitionIndex: partition.partitionIndex,
          errorCode: found.errorCode,
          timestamp: found.timestamp,
          offset: found.offset,
          leaderEpoch: found.errorCode === ErrorCode.NONE && found.offset >= 0n ? LEADER_EPOCH : -1,
        });
      }
      topics.push({ name: requested.name, partitions });
    }
    return { throttleTimeMs: 0, topics };
  },
});

async function lookUpOffset(log: PartitionLog, timestamp: bigint, readCommitted: boolean) {
  const found = (offset: bigint, foundTimestamp = -1n) => ({ errorCode: ErrorCode.NONE, offset, timestamp: foundTimestamp });
  switch (timestamp) {
    case LATEST:
      return found(readCommitted ? log.lastStableOffset : log.highWatermark);
    case EARLIEST:
    case EARLIEST_LOCAL:
      return found(log.logStartOffset);
    case LATEST_TIERED:
    case EARLIEST_PENDING_UPLOAD:
      return found(-1n);
    case MAX_TIMESTAMP: {
      const max = await log.maxTimestampOffset();
      return max === null ? found(-1n) : found(max.offset, max.timestamp);
    }
    default: {
      const match = await log.offsetForTimestamp(timestamp);
      return match === null ? found(-1n) : found(match.offset, match.timestamp);
    }
  }
}
