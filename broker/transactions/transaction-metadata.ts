// One transactional id's state in the transaction coordinator (Kafka's TransactionMetadata), with the
// numeric states Kafka writes to __transaction_state (TransactionState.java).

export const TxnState = {
  Empty: 0,
  Ongoing: 1,
  PrepareCommit: 2,
  PrepareAbort: 3,
  CompleteCommit: 4,
  CompleteAbort: 5,
  Dead: 6,
  PrepareEpochFence: 7,
} as const;
export type TxnState = (typeof TxnState)[keyof typeof TxnState];

export const TXN_STATE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(TxnState).map(([name, code]) => [code, name]));

export interface TransactionMetadata {
  readonly transactionalId: string;
  producerId: bigint;
  producerEpoch: number;
  /** Epoch before the last bump: a client retrying InitProducerId with it is not fenced. */
  lastProducerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  /** topic -> partitions in the current transaction (including __consumer_offsets ones, as Kafka lists them). */
  partitions: Map<string, Set<number>>;
  startTimestampMs: number;
  lastUpdateMs: number;
  /** A state change is being written or completed: other requests get CONCURRENT_TRANSACTIONS. */
  busy: boolean;
}

export function newTransactionMetadata(transactionalId: string, timeoutMs: number, nowMs: number): TransactionMetadata {
  return {
    transactionalId,
    producerId: -1n,
    producerEpoch: -1,
    lastProducerEpoch: -1,
    timeoutMs,
    state: TxnState.Empty,
    partitions: new Map(),
    startTimestampMs: -1,
    lastUpdateMs: nowMs,
    busy: false,
  };
}

export function partitionCount(txn: TransactionMetadata): number {
  let count = 0;
  for (const ids of txn.partitions.values()) count += ids.size;
  return count;
}
