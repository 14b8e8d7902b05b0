// What the browser receives of a record: bytes as base64 (the page decides how to show them: text, JSON, hex),
// each payload cut to a preview limit so a 10 MiB value never reaches the browser unless asked for.
import type { FetchedRecord, TimestampType } from '../../kafka/record-fetcher.ts';

export const previewLimitBytes = 64 * 1024;

export interface PayloadView {
  base64: string;
  /** The whole payload's size; base64 holds at most the preview limit unless the whole value was asked for. */
  sizeBytes: number;
  truncated: boolean;
}

export interface RecordView {
  partition: number;
  /** A decimal string: offsets are 64-bit. */
  offset: string;
  timestampMs: number;
  timestampType: TimestampType;
  key: PayloadView | null;
  value: PayloadView | null;
  headers: { name: string; value: PayloadView | null }[];
  sizeBytes: number;
}

export function toRecordView(record: FetchedRecord, limitBytes: number = previewLimitBytes): RecordView {
  return {
    partition: record.partition,
    offset: record.offset.toString(),
    timestampMs: record.timestampMs,
    timestampType: record.timestampType,
    key: toPayloadView(record.key, limitBytes),
    value: toPayloadView(record.value, limitBytes),
    headers: record.headers.map(([name, value]) => ({ name, value: toPayloadView(value, limitBytes) })),
    sizeBytes: record.sizeBytes,
  };
}

function toPayloadView(bytes: Buffer | null, limitBytes: number): PayloadView | null {
  if (bytes === null) return null;
  const truncated = bytes.length > limitBytes;
  return { base64: (truncated ? bytes.subarray(0, limitBytes) : bytes).toString('base64'), sizeBytes: bytes.length, truncated };
}
