// TxnOffsetCommit on the group coordinator's side, as Kafka does it: the offsets are written to the group's
// __consumer_offsets partition as ordinary offset-commit records in a transactional batch of the producer,
// and kept pending (pending-transactional-offsets.ts) until the transaction coordinator writes the
// producer's COMMIT or ABORT marker into that partition; completeTransactionalOffsets then makes them the
// group's committed offsets or drops them. load-groups.ts rebuilds the same state from the log, so an open
// transaction's offsets stay pending across a restart until its marker.

import { ErrorCode } from '../protocol/error-codes.ts';
import type { CommittedOffset } from './classic-group.ts';
import type { GroupCoordinator } from './group-coordinator.ts';
import { offsetCommitRecord } from './offsets-topic-records.ts';
import type { PendingTransactionalOffset } from './pending-transactional-offsets.ts';

export interface TransactionalOffsetToCommit {
  topic: string;
  partition: number;
  offset: bigint;
  leaderEpoch: number;
  metadata: string | null;
}

export interface TransactionalOffsetCommit {
  groupId: string;
  producerId: bigint;
  producerEpoch: number;
  offsets: readonly TransactionalOffsetToCommit[];
}

/**
 * Writes the offsets as the producer's transactional records and keeps them pending (the caller checked the
 * transaction and the member). NONE once durable; PRODUCER_FENCED when the partition's producer state has a
 * newer epoch (the transaction was aborted with a bump meanwhile); COORDINATOR_NOT_AVAILABLE otherwise.
 */
export async function stageTransactionalOffsets(
  coordinator: GroupCoordinator,
  input: TransactionalOffsetCommit,
  nowMs = Date.now(),
): Promise<number> {
  if (input.offsets.length === 0) return ErrorCode.NONE;
  // Kafka creates the group on a transactional commit too; one left without offsets expires as any empty group.
  const group = coordinator.groupFor(input.groupId, true);
  if (group === null) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  const offsetsPartition = coordinator.store.partitionFor(input.groupId);
  const pending = coordinator.pendingTransactionalOffsets;
  const staged: PendingTransactionalOffset[] = [];
  const records = input.offsets.map((entry) => {
    const offset: CommittedOffset = {
      offset: entry.offset,
      leaderEpoch: entry.leaderEpoch,
      metadata: entry.metadata ?? '',
      commitTimestampMs: BigInt(nowMs),
    };
    // Staged before the write, so requests act in arrival order (as commitOffsets does).
    staged.push(
      pending.stage(input.producerId, { groupId: input.groupId, topic: entry.topic, partition: entry.partition, offsetsPartition, offset }),
    );
    return offsetCommitRecord(input.groupId, entry.topic, entry.partition, offset);
  });
  try {
    await coordinator.store.appendTransactional(input.groupId, records, {
      producerId: input.producerId,
      producerEpoch: input.producerEpoch,
    });
    return ErrorCode.NONE;
  } catch (error) {
    for (const entry of staged) pending.unstage(input.producerId, entry);
    return (error as { errorCode?: number }).errorCode === ErrorCode.INVALID_PRODUCER_EPOCH
      ? ErrorCode.PRODUCER_FENCED
      : ErrorCode.COORDINATOR_NOT_AVAILABLE;
  }
}

/**
 * The producer's COMMIT or ABORT marker is in __consumer_offsets partition `offsetsPartition`: its pending
 * offsets there become committed (COMMIT) or are dropped (ABORT). Writes nothing: the marker is the record.
 * Returns how many offsets became committed.
 */
export function completeTransactionalOffsets(
  coordinator: GroupCoordinator,
  producerId: bigint,
  offsetsPartition: number,
  commit: boolean,
  log: (line: string) => void,
): number {
  const applied = coordinator.pendingTransactionalOffsets.complete(producerId, offsetsPartition, commit);
  for (const pending of applied) {
    const group = coordinator.groupFor(pending.groupId, true);
    if (group === null) {
      log(
        `group ${pending.groupId}: no room for the group, dropping its committed transactional offset of ${pending.topic}-${pending.partition}`,
      );
      continue;
    }
    group.setOffset(pending.topic, pending.partition, pending.offset);
  }
  return applied.length;
}
