// OffsetForLeaderEpoch (23), v2-4 (Kafka 4 removed v0-1). This single broker has led every partition in epoch 0 since its creation
// (leader-epoch.ts), so the answer for epoch 0 is the log end offset; an epoch newer than 0 is unknown and
// gets UNDEFINED epoch and offset (-1, -1), an older (negative) one the log start offset, and the
// UNDEFINED epoch (-1) itself UNDEFINED, as Kafka's LeaderEpochFileCache.endOffsetFor answers. A client's
// CurrentLeaderEpoch (v2+) is checked like Fetch does (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH).
// The Java consumer validates positions with this only when v3+ is offered.

import {
  readOffsetForLeaderEpochRequest,
  type OffsetForLeaderEpochRequest,
} from '../protocol/generated/offset-for-leader-epoch-request.ts';
import {
  writeOffsetForLeaderEpochResponse,
  type EpochEndOffset,
  type OffsetForLeaderEpochResponse,
} from '../protocol/generated/offset-for-leader-epoch-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import type { PartitionLog } from '../log/partition-log.ts';
import { defineHandler } from './api-handler.ts';
import { LEADER_EPOCH, leaderEpochError } from './leader-epoch.ts';

const UNDEFINED_EPOCH = -1;
const UNDEFINED_EPOCH_OFFSET = -1n;

export const offsetForLeaderEpochHandler = defineHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>({
  apiKey: 23,
  name: 'OffsetForLeaderEpoch',
  minVersion: 2,
  maxVersion: 4,
  readRequest: readOffsetForLeaderEpochRequest,
  writeResponse: writeOffsetForLeaderEpochResponse,
  handle({ broker }, request) {
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((topic) => {
        const partitions = broker.topics.get(topic.topic)?.partitions;
        return {
          topic: topic.topic,
          partitions: topic.partitions.map((partition) => {
            const log = partitions?.[partition.partition];
            if (log === undefined) return failed(partition.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
            const epochError = leaderEpochError(partition.currentLeaderEpoch);
            if (epochError !== ErrorCode.NONE) return failed(partition.partition, epochError);
            return { errorCode: ErrorCode.NONE, partition: partition.partition, ...endOffsetFor(partition.leaderEpoch, log) };
          }),
        };
      }),
    };
  },
});

/** The end offset of `requestedEpoch`: the start offset of the next newer epoch, or the log end offset. */
export function endOffsetFor(requestedEpoch: number, log: PartitionLog): { leaderEpoch: number; endOffset: bigint } {
  if (requestedEpoch === LEADER_EPOCH) return { leaderEpoch: LEADER_EPOCH, endOffset: log.logEndOffset };
  if (requestedEpoch === UNDEFINED_EPOCH || requestedEpoch > LEADER_EPOCH)
    return { leaderEpoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
  return { leaderEpoch: requestedEpoch, endOffset: log.logStartOffset };
}

function failed(partition: number, errorCode: number): EpochEndOffset {
  return { errorCode, partition, leaderEpoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
}
