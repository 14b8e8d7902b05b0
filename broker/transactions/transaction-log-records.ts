// The records of __transaction_state. Kafka's layout (TransactionLog.scala): key = int16 version 0 +
// TransactionLogKey {transactionalId}; value = int16 version (0, or 1 flexible) + TransactionLogValue,
// null = tombstone. Samsa adds one record type beside it, under key version STAGED_OFFSETS_KEY_VERSION
// (Kafka's loader skips unknown key versions): the offsets a transaction staged with TxnOffsetCommit,
// so they survive a restart until the transaction commits (Kafka keeps them as transactional records in
// __consumer_offsets instead). Its value is int16 version + a UTF-8 JSON body. Version 1 tags the body
// with the transaction's start timestamp (TransactionLogValue.transactionStartTimestampMs, unique per
// transaction of a producer id and epoch): the classic protocol keeps the epoch across transactions, so
// producer id and epoch alone cannot tell a leftover record of a finished transaction from the current one.
// Version 0 (written before the tag existed) is read with a null tag.

import { Reader } from '../protocol/reader.ts';
import { Writer } from '../protocol/writer.ts';
import { readTransactionLogKey, writeTransactionLogKey } from '../protocol/generated/coordinator/transaction-log-key.ts';
import { readTransactionLogValue, writeTransactionLogValue, type TransactionLogValue } from '../protocol/generated/coordinator/transaction-log-value.ts';
import type { StagedOffset, TransactionMetadata } from './transaction-metadata.ts';
import type { CoordinatorRecord } from '../coordinator/coordinator-topic-log.ts';

const TXN_KEY_VERSION = 0;
/** Kafka writes version 0 unless the client uses transaction version 2; Samsa speaks the classic protocol. */
const TXN_VALUE_VERSION = 0;
export const STAGED_OFFSETS_KEY_VERSION = 0x5341; // "SA"
const STAGED_OFFSETS_VALUE_VERSION = 1;
/** Bound on a decoded JSON body of staged offsets. */
const MAX_STAGED_OFFSETS_BYTES = 16 * 1024 * 1024;

/** A __transaction_state record (key and value each start with their int16 schema version). */
export type TransactionLogRecord = CoordinatorRecord;

export interface StagedOffsets {
  producerId: bigint;
  producerEpoch: number;
  /** The start timestamp of the transaction that staged them; null in version 0 records (untagged). */
  transactionStartTimestampMs: number | null;
  offsets: StagedOffset[];
}

export type DecodedTransactionLogRecord =
  | { kind: 'txn'; transactionalId: string; value: TransactionLogValue | null }
  | { kind: 'staged'; transactionalId: string; staged: StagedOffsets | null }
  | { kind: 'other' };

function versioned(version: number, write: (writer: Writer) => void): Buffer {
  const writer = new Writer();
  writer.writeInt16(version);
  write(writer);
  return writer.toBuffer();
}

function keyOf(version: number, transactionalId: string): Buffer {
  return versioned(version, (w) => writeTransactionLogKey(w, TXN_KEY_VERSION, { transactionalId }));
}

export function transactionRecord(txn: TransactionMetadata): TransactionLogRecord {
  const partitions = [...txn.partitions].map(([topic, ids]) => ({ topic, partitionIds: [...ids].sort((a, b) => a - b) }));
  const value: TransactionLogValue = {
    producerId: txn.producerId,
    producerEpoch: txn.producerEpoch,
    transactionTimeoutMs: txn.timeoutMs,
    transactionStatus: txn.state,
    transactionPartitions: partitions,
    transactionLastUpdateTimestampMs: BigInt(txn.lastUpdateMs),
    transactionStartTimestampMs: BigInt(txn.startTimestampMs),
  };
  return {
    key: keyOf(TXN_KEY_VERSION, txn.transactionalId),
    value: versioned(TXN_VALUE_VERSION, (w) => writeTransactionLogValue(w, TXN_VALUE_VERSION, value)),
  };
}

/** The staged offsets of a transaction; null offsets = tombstone (the transaction completed). */
export function stagedOffsetsRecord(transactionalId: string, staged: StagedOffsets | null): TransactionLogRecord {
  const key = keyOf(STAGED_OFFSETS_KEY_VERSION, transactionalId);
  if (staged === null) return { key, value: null };
  const body = JSON.stringify({
    producerId: staged.producerId.toString(),
    producerEpoch: staged.producerEpoch,
    transactionStartTimestampMs: staged.transactionStartTimestampMs,
    offsets: staged.offsets.map((o) => [o.groupId, o.topic, o.partition, o.offset.toString(), o.leaderEpoch, o.metadata]),
  });
  return { key, value: versioned(STAGED_OFFSETS_VALUE_VERSION, (w) => w.writeRawBytes(Buffer.from(body, 'utf8'))) };
}

/** Decodes a record; throws on a malformed known record (the caller logs and skips it). */
export function decodeTransactionLogRecord(record: TransactionLogRecord): DecodedTransactionLogRecord {
  const keyReader = new Reader(record.key);
  const keyVersion = keyReader.readInt16();
  if (keyVersion !== TXN_KEY_VERSION && keyVersion !== STAGED_OFFSETS_KEY_VERSION) return { kind: 'other' };
  const { transactionalId } = readTransactionLogKey(keyReader, TXN_KEY_VERSION);
  if (keyVersion === STAGED_OFFSETS_KEY_VERSION) {
    if (record.value === null) return { kind: 'staged', transactionalId, staged: null };
    if (record.value.length > MAX_STAGED_OFFSETS_BYTES) throw new Error('staged offsets record too large');
    const valueVersion = record.value.readInt16BE(0);
    const parsed = JSON.parse(record.value.subarray(2).toString('utf8')) as {
      producerId: string;
      producerEpoch: number;
      transactionStartTimestampMs?: number | null;
      offsets: [string, string, number, string, number, string | null][];
    };
    const offsets = parsed.offsets.map(([groupId, topic, partition, offset, leaderEpoch, metadata]) => ({
      groupId,
      topic,
      partition,
      offset: BigInt(offset),
      leaderEpoch,
      metadata,
    }));
    const tag = valueVersion >= 1 && typeof parsed.transactionStartTimestampMs === 'number' ? parsed.transactionStartTimestampMs : null;
    const staged = { producerId: BigInt(parsed.producerId), producerEpoch: parsed.producerEpoch, transactionStartTimestampMs: tag, offsets };
    return { kind: 'staged', transactionalId, staged };
  }
  if (record.value === null) return { kind: 'txn', transactionalId, value: null };
  const valueReader = new Reader(record.value);
  const valueVersion = valueReader.readInt16();
  return { kind: 'txn', transactionalId, value: readTransactionLogValue(valueReader, valueVersion) };
}
