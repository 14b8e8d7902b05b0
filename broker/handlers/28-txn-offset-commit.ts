// TxnOffsetCommit (28), v0-5 (v5 is v4 for transactions of version 1, the only kind served here): commits a group's offsets inside the producer's ongoing transaction (the group's
// __consumer_offsets partition must have been added with AddOffsetsToTxn). As in Kafka, they are written to
// that partition as transactional offset-commit records of the producer and stay pending until the
// transaction's marker there: COMMIT makes them the group's committed offsets, ABORT drops them; meanwhile
// OffsetFetch with requireStable answers UNSTABLE_OFFSET_COMMIT for them. v3+ member/generation checks as
// Kafka's validateOffsetCommit for transactional commits.

import { readTxnOffsetCommitRequest, type TxnOffsetCommitRequest } from '../protocol/generated/txn-offset-commit-request.ts';
import { writeTxnOffsetCommitResponse, type TxnOffsetCommitResponse } from '../protocol/generated/txn-offset-commit-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { txnOffsetCommitPermission } from '../transactions/txn-offsets.ts';
import { stageTransactionalOffsets } from '../coordinator/transactional-offsets.ts';
import { checkOffsetCommitPartitions, offsetCommitResults } from './offset-commit-partitions.ts';
import { defineHandler } from './api-handler.ts';

export const txnOffsetCommitHandler = defineHandler<TxnOffsetCommitRequest, TxnOffsetCommitResponse>({
  apiKey: 28,
  name: 'TxnOffsetCommit',
  minVersion: 0,
  maxVersion: 5,
  readRequest: readTxnOffsetCommitRequest,
  writeResponse: writeTxnOffsetCommitResponse,
  async handle({ broker }, request) {
    const checked = checkOffsetCommitPartitions(broker, request.topics);
    const offsets = checked.valid.map(({ topic, partition }) => ({
      topic,
      partition: partition.partitionIndex,
      offset: partition.committedOffset,
      leaderEpoch: partition.committedLeaderEpoch ?? -1,
      metadata: partition.committedMetadata,
    }));
    const { transactionalId, producerId, producerEpoch, groupId } = request;
    let errorCode = txnOffsetCommitPermission(broker.groups, {
      groupId,
      generationId: request.generationId ?? -1,
      memberId: request.memberId ?? '',
      groupInstanceId: request.groupInstanceId ?? null,
      offsets,
    });
    if (errorCode === ErrorCode.NONE)
      errorCode = broker.transactions.checkTxnOffsetCommit(transactionalId, producerId, producerEpoch, groupId);
    if (errorCode === ErrorCode.NONE)
      errorCode = await stageTransactionalOffsets(broker.groups, { groupId, producerId, producerEpoch, offsets });
    if (errorCode === ErrorCode.PRODUCER_FENCED) errorCode = ErrorCode.INVALID_PRODUCER_EPOCH;
    return { throttleTimeMs: 0, topics: offsetCommitResults(request.topics, checked, errorCode) };
  },
});
