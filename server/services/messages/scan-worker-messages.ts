// What crosses between the console's main thread and a scan worker (scan-worker-pool.ts <-> scan-worker.ts):
// plain data only, copied by structured clone. The filter travels as its source (RecordFilter) and is compiled
// in the worker: functions cannot cross a thread. Matches travel as WireRecords whose bytes are copies of
// exactly their own size: a Buffer sliced from a 1 MiB fetch response would otherwise drag the whole response
// along (structured clone copies a view's entire ArrayBuffer).
import type { ClusterConnection } from '../../kafka/cluster-client.ts';
import type { FetchedRecord } from '../../kafka/record-fetcher.ts';
import type { ScanOutcome, ScanPlan, ScanProgress } from './record-scan.ts';

/** A ScanPlan without its compiled predicate, plus what the worker needs to open its own fetcher. */
export interface ScanRequest extends Omit<ScanPlan, 'predicate'> {
  clusterId: string;
  connection: ClusterConnection;
}

export type ToScanWorker =
  /** backPressure: the worker asks for room (needRoom) before each fetch and after each slice of work. */
  | { type: 'start'; scanId: number; request: ScanRequest; backPressure: boolean }
  | { type: 'cancel'; scanId: number }
  /** The answer to needRoom: the consumer of the matches can take more. */
  | { type: 'room'; scanId: number };

export type FromScanWorker =
  /** Matches found since the last message, in order, then the progress as it stands (null: matches only). */
  | { type: 'progress'; scanId: number; matches: WireRecord[]; progress: ScanProgress | null }
  | { type: 'needRoom'; scanId: number }
  | { type: 'done'; scanId: number; outcome: ScanOutcome };

export interface WireRecord extends Omit<FetchedRecord, 'key' | 'value' | 'headers'> {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: [string, Uint8Array | null][];
}

/** Copies the record's bytes into buffers of their own size (see the header). */
export function toWireRecord(record: FetchedRecord): WireRecord {
  return {
    ...record,
    key: ownCopy(record.key),
    value: ownCopy(record.value),
    headers: record.headers.map(([name, value]) => [name, ownCopy(value)]),
  };
}

/** Back to Buffers over the received bytes (no copy). */
export function fromWireRecord(record: WireRecord): FetchedRecord {
  return {
    ...record,
    key: asBuffer(record.key),
    value: asBuffer(record.value),
    headers: record.headers.map(([name, value]) => [name, asBuffer(value)]),
  };
}

function ownCopy(bytes: Buffer | null): Uint8Array | null {
  return bytes === null ? null : new Uint8Array(bytes);
}

function asBuffer(bytes: Uint8Array | null): Buffer | null {
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
