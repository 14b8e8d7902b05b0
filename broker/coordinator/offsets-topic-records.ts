// The records of __consumer_offsets in Kafka's own layout (CoordinatorRecordSerde): key and value are each an
// int16 version followed by the generated struct. Key version 0/1 = OffsetCommitKey, 2 = GroupMetadataKey;
// a null value is a tombstone. Values are written at version 3 (Kafka's choice when no expire timestamp).

import { Reader } from '../protocol/reader.ts';
import { Writer } from '../protocol/writer.ts';
import { readOffsetCommitKey, writeOffsetCommitKey } from '../protocol/generated/coordinator/offset-commit-key.ts';
import { readOffsetCommitValue, writeOffsetCommitValue } from '../protocol/generated/coordinator/offset-commit-value.ts';
import { readGroupMetadataKey, writeGroupMetadataKey } from '../protocol/generated/coordinator/group-metadata-key.ts';
import { readGroupMetadataValue, writeGroupMetadataValue, type GroupMetadataValue } from '../protocol/generated/coordinator/group-metadata-value.ts';
import type { CommittedOffset } from './classic-group.ts';
import type { CoordinatorRecord } from './coordinator-topic-log.ts';

export type { GroupMetadataValue } from '../protocol/generated/coordinator/group-metadata-value.ts';

const OFFSET_COMMIT_KEY_VERSION = 1;
const GROUP_METADATA_KEY_VERSION = 2;
const OFFSET_COMMIT_VALUE_VERSION = 3;
const GROUP_METADATA_VALUE_VERSION = 3;

/** A __consumer_offsets record (key and value each start with their int16 schema version). */
export type OffsetsTopicRecord = CoordinatorRecord;

export type DecodedOffsetsTopicRecord =
  | { kind: 'offset'; groupId: string; topic: string; partition: number; offset: CommittedOffset | null }
  | { kind: 'group'; groupId: string; metadata: GroupMetadataValue | null }
  | { kind: 'other' };

function versioned(version: number, write: (writer: Writer) => void): Buffer {
  const writer = new Writer();
  writer.writeInt16(version);
  write(writer);
  return writer.toBuffer();
}

export function offsetCommitRecord(groupId: string, topic: string, partition: number, offset: CommittedOffset | null): OffsetsTopicRecord {
  const key = versioned(OFFSET_COMMIT_KEY_VERSION, (w) => writeOffsetCommitKey(w, OFFSET_COMMIT_KEY_VERSION, { group: groupId, topic, partition }));
  if (offset === null) return { key, value: null };
  const value = versioned(OFFSET_COMMIT_VALUE_VERSION, (w) =>
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
  const key = versioned(GROUP_METADATA_KEY_VERSION, (w) => writeGroupMetadataKey(w, GROUP_METADATA_KEY_VERSION, { group: groupId }));
  if (metadata === null) return { key, value: null };
  return { key, value: versioned(GROUP_METADATA_VALUE_VERSION, (w) => writeGroupMetadataValue(w, GROUP_METADATA_VALUE_VERSION, metadata)) };
}

/** Throws ProtocolError on malformed bytes; unknown key versions (KIP-848, share groups) are 'other'. */
export function decodeOffsetsTopicRecord(key: Buffer, value: Buffer | null): DecodedOffsetsTopicRecord {
  const keyReader = new Reader(key);
  const keyVersion = keyReader.readInt16();
  const valueReader = value === null ? null : new Reader(value);
  const valueVersion = valueReader === null ? -1 : valueReader.readInt16();
  if (keyVersion === 0 || keyVersion === 1) {
    const parsed = readOffsetCommitKey(keyReader, keyVersion);
    let offset: CommittedOffset | null = null;
    if (valueReader !== null) {
      const stored = readOffsetCommitValue(valueReader, valueVersion);
      offset = { offset: stored.offset, leaderEpoch: stored.leaderEpoch ?? -1, metadata: stored.metadata, commitTimestampMs: stored.commitTimestamp };
    }
    return { kind: 'offset', groupId: parsed.group, topic: parsed.topic, partition: parsed.partition, offset };
  }
  if (keyVersion === GROUP_METADATA_KEY_VERSION) {
    const parsed = readGroupMetadataKey(keyReader, keyVersion);
    return { kind: 'group', groupId: parsed.group, metadata: valueReader === null ? null : readGroupMetadataValue(valueReader, valueVersion) };
  }
  return { kind: 'other' };
}
