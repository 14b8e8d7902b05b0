// The records of __transaction_state, in Kafka's layout only (TransactionLog.scala): key = int16 version 0 +
// TransactionLogKey {transactionalId}; value = int16 version (0, or 1 flexible) + TransactionLogValue,
// null = tombstone. Offsets committed in a transaction are not kept here: they are transactional
// offset-commit records in __consumer_offsets (coordinator/transactional-offsets.ts), as in Kafka.

import { Reader } from '../protocol/reader.ts';
import { Writer } from '../protocol/writer.ts';
import { readTransactionLogKey, writeTransactionLogKey } from '../protocol/generated/coordinator/transaction-log-key.ts';
import {
  readTransactionLogValue,
  writeTransactionLogValue,
  type TransactionLogValue,
} from '../protocol/generated/coordinator/transaction-log-value.ts';
import type { TransactionMetadata } from './transaction-metadata.ts';
import type { CoordinatorRecord } from '../coordinator/coordinator-topic-log.ts';

const TXN_KEY_VERSION = 0;
/** Kafka writes version 0 unless the client uses transaction version 2; Samsa speaks the classic protocol. */
const TXN_VALUE_VERSION = 0;
/**
 * Key version of the staged-offsets records earlier Samsa versions wrote here (not a Kafka record type):
 * only read, to tombstone them at start-up. Transactional offsets now live in __consumer_offsets.
 */
const LEGACY_STAGED_OFFSETS_KEY_VERSION = 0x5341; // "SA"

/** A __transaction_state record (key and value each start with their int16 schema version). */
export type TransactionLogRecord = CoordinatorRecord;

export type DecodedTransactionLogRecord =
  | { kind: 'txn'; transactionalId: string; value: TransactionLogValue | null }
  | { kind: 'legacy-staged-offsets'; transactionalId: string; tombstone: boolean }
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

/** The tombstone that lets compaction remove a legacy staged-offsets record of `transactionalId`. */
export function legacyStagedOffsetsTombstone(transactionalId: string): TransactionLogRecord {
  return { key: keyOf(LEGACY_STAGED_OFFSETS_KEY_VERSION, transactionalId), value: null };
}

/** Decodes a record; throws on a malformed known record (the caller logs and skips it). */
export function decodeTransactionLogRecord(record: TransactionLogRecord): DecodedTransactionLogRecord {
  const keyReader = new Reader(record.key);
  const keyVersion = keyReader.readInt16();
  if (keyVersion !== TXN_KEY_VERSION && keyVersion !== LEGACY_STAGED_OFFSETS_KEY_VERSION) return { kind: 'other' };
  const { transactionalId } = readTransactionLogKey(keyReader, TXN_KEY_VERSION);
  // The legacy value (JSON) is never parsed: whether there is one is all the tombstoning needs.
  if (keyVersion === LEGACY_STAGED_OFFSETS_KEY_VERSION)
    return { kind: 'legacy-staged-offsets', transactionalId, tombstone: record.value === null };
  if (record.value === null) return { kind: 'txn', transactionalId, value: null };
  const valueReader = new Reader(record.value);
  const valueVersion = valueReader.readInt16();
  return { kind: 'txn', transactionalId, value: readTransactionLogValue(valueReader, valueVersion) };
}
