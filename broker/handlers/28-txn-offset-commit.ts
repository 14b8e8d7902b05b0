// TxnOffsetCommit (28), v0-4: stages a group's offsets in the producer's ongoing transaction (the group's
// partition must have been added with AddOffsetsToTxn). They become the group's committed offsets when the
// transaction commits and are dropped when it aborts. v3+ member/generation checks as Kafka's
// validateOffsetCommit for transactional commits. Not done: OffsetFetch's UNSTABLE_OFFSET_COMMIT (requireStable)
// while offsets are staged.

import { readTxnOffsetCommitRequest, type TxnOffsetCommitRequest } from '../protocol/generated/txn-offset-commit-request.ts';
import { writeTxnOffsetCommitResponse, type TxnOffsetCommitResponse } from '../protocol/generated/txn-offset-commit-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { txnOffsetCommitPermission } from '../transactions/txn-offsets.ts';
import type { StagedOffset } from '../transactions/transaction-metadata.ts';
import { checkOffsetCommitPartitions, offsetCommitResults } from './offset-commit-partitions.ts';
import { defineHandler } from './api-handler.ts';

export const txnOffsetCommitHandler = defineHandler<TxnOffsetCommitRequest, TxnOffsetCommitResponse>({
  apiKey: 28,
  name: 'TxnOffsetCommit',
  minVersion: 0,
  maxVersion: 4,
  readRequest: readTxnOffsetCommitRequest,
  writeResponse: writeTxnOffsetCommitResponse,
  async handle({ broker }, request) {
    const checked = checkOffsetCommitPartitions(broker, request.topics);
    const valid: StagedOffset[] = checked.valid.map(({ topic, partition }) => ({
      groupId: request.groupId,
      topic,
      partition: partition.partitionIndex,
      offset: partition.committedOffset,
      leaderEpoch: partition.committedLeaderEpoch ?? -1,
      metadata: partition.committedMetadata,
    }));
    let errorCode = txnOffsetCommitPermission(broker.groups, {
      groupId: request.groupId,
      generationId: request.generationId ?? -1,
      memberId: request.memberId ?? '',
      groupInstanceId: request.groupInstanceId ?? null,
    });
    if (errorCode === ErrorCode.NONE) {
      errorCode = await broker.transactions.stageOffsets(request.transactionalId, request.producerId, request.producerEpoch, request.groupId, valid);
      if (errorCode === ErrorCode.PRODUCER_FENCED) errorCode = ErrorCode.INVALID_PRODUCER_EPOCH;
    }
    return { throttleTimeMs: 0, topics: offsetCommitResults(request.topics, checked, errorCode) };
  },
});
