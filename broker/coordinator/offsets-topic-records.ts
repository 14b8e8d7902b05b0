// The records of __consumer_offsets in Kafka's own layout (CoordinatorRecordSerde): the key is an int16 record
// type followed by the generated key struct (always its version 0), the value an int16 version followed by
// the generated value struct. Record type 0/1 = OffsetCommitKey (0 is Kafka's legacy name for the same
// layout), 2 = GroupMetadataKey; a null value is a tombstone. Values are written at version 3 (Kafka's
// choice when no expire timestamp).

import { Reader } from '../protocol/reader.ts';
import { Writer } from '../protocol/writer.ts';
import { readOffsetCommitKey, writeOffsetCommitKey } from '../protocol/generated/coordinator/offset-commit-key.ts';
import { readOffsetCommitValue, writeOffsetCommitValue } from '../protocol/generated/coordinator/offset-commit-value.ts';
import { readGroupMetadataKey, writeGroupMetadataKey } from '../protocol/generated/coordinator/group-metadata-key.ts';
import {
  readGroupMetadataValue,
  writeGroupMetadataValue,
  type GroupMetadataValue,
} from '../protocol/generated/coordinator/group-metadata-value.ts';
import type { CommittedOffset } from './classic-group.ts';
import type { CoordinatorRecord } from './coordinator-topic-log.ts';
import { decodeConsumerGroupRecord, type DecodedConsumerGroupRecord } from './consumer-group-records.ts';

export type { GroupMetadataValue } from '../protocol/generated/coordinator/group-metadata-value.ts';

const LEGACY_OFFSET_COMMIT_RECORD_TYPE = 0;
const OFFSET_COMMIT_RECORD_TYPE = 1;
const GROUP_METADATA_RECORD_TYPE = 2;
/** Key structs have a single version. */
const KEY_VERSION = 0;
const OFFSET_COMMIT_VALUE_VERSION = 3;
const GROUP_METADATA_VALUE_VERSION = 3;

/** A __consumer_offsets record (the key starts with its int16 record type, the value with its int16 version). */
export type OffsetsTopicRecord = CoordinatorRecord;

export type DecodedOffsetsTopicRecord =
  | { kind: 'offset'; groupId: string; topic: string; partition: number; offset: CommittedOffset | null }
  | { kind: 'group'; groupId: string; metadata: GroupMetadataValue | null }
  | DecodedConsumerGroupRecord
  | { kind: 'other' };

function prefixed(version: number, write: (writer: Writer) => void): Buffer {
  const writer = new Writer();
  writer.writeInt16(version);
  write(writer);
  return writer.toBuffer();
}

export function offsetCommitRecord(groupId: string, topic: string, partition: number, offset: CommittedOffset | null): OffsetsTopicRecord {
  const key = prefixed(OFFSET_COMMIT_RECORD_TYPE, (w) => writeOffsetCommitKey(w, KEY_VERSION, { group: groupId, topic, partition }));
  if (offset === null) return { key, value: null };
  const value = prefixed(OFFSET_COMMIT_VALUE_VERSION, (w) =>
    writeOffsetCommitValue(w, OFFSET_COMMIT_VALUE_VERSION, {
      offset: offset.offset,
      leaderEpoch: offset.leaderEpoch,
      metadata: offset.metadata,
      commitTimestamp: offset.commitTimestampMs,
    }),
  );
  return { key, value };
}

export function groupMetadataRecord(groupId: string, metadata: GroupMetadataValue | null): OffsetsTopicRecord {
  const key = prefixed(GROUP_METADATA_RECORD_TYPE, (w) => writeGroupMetadataKey(w, KEY_VERSION, { group: groupId }));
  if (metadata === null) return { key, value: null };
  return { key, value: prefixed(GROUP_METADATA_VALUE_VERSION, (w) => writeGroupMetadataValue(w, GROUP_METADATA_VALUE_VERSION, metadata)) };
}

/** Throws ProtocolError on malformed bytes; other record types (share and streams groups) are 'other'. */
export function decodeOffsetsTopicRecord(key: Buffer, value: Buffer | null): DecodedOffsetsTopicRecord {
  const keyReader = new Reader(key);
  const recordType = keyReader.readInt16();
  const valueReader = value === null ? null : new Reader(value);
  const valueVersion = valueReader === null ? -1 : valueReader.readInt16();
  if (recordType === LEGACY_OFFSET_COMMIT_RECORD_TYPE || recordType === OFFSET_COMMIT_RECORD_TYPE) {
    const parsed = readOffsetCommitKey(keyReader, KEY_VERSION);
    let offset: CommittedOffset | null = null;
    if (valueReader !== null) {
      const stored = readOffsetCommitValue(valueReader, valueVersion);
      offset = {
        offset: stored.offset,
        leaderEpoch: stored.leaderEpoch ?? -1,
        metadata: stored.metadata,
        commitTimestampMs: stored.commitTimestamp,
      };
    }
    return { kind: 'offset', groupId: parsed.group, topic: parsed.topic, partition: parsed.partition, offset };
  }
  if (recordType === GROUP_METADATA_RECORD_TYPE) {
    const parsed = readGroupMetadataKey(keyReader, KEY_VERSION);
    return {
      kind: 'group',
      groupId: parsed.group,
      metadata: valueReader === null ? null : readGroupMetadataValue(valueReader, valueVersion),
    };
  }
  return decodeConsumerGroupRecord(recordType, keyReader, valueReader) ?? { kind: 'other' };
}
