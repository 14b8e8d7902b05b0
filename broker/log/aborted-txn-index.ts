// The aborted transactions of one partition (Kafka's .txnindex, kept here as one file per partition):
// for each aborted transaction its producer id, first offset and the offset of its ABORT marker.
// READ_COMMITTED fetches return the ones overlapping the fetched range, and consumers drop those
// producers' records themselves. Append-only fixed-size entries, each with its own CRC-32C so a torn
// tail after a crash is recognised and cut; entries past the log end (a truncated log) are dropped at open.

import path from 'node:path';
import { crc32c } from '../protocol/crc32c.ts';
import type { FileHandle, FileSystem } from './file-system.ts';
import type { CompletedTxn } from './producer-state.ts';

export const ABORTED_TXN_INDEX_FILE = 'aborted-transactions.txnindex';
const ENTRY_BYTES = 28;
/** Bound on remembered aborted transactions; the oldest are forgotten beyond it (their records then read as committed). */
export const MAX_ABORTED_TXNS = 1_000_000;

export interface AbortedTxn {
  producerId: bigint;
  firstOffset: bigint;
  /** Offset of the ABORT marker. */
  lastOffset: bigint;
}

function encodeEntry(txn: AbortedTxn): Buffer {
  const entry = Buffer.alloc(ENTRY_BYTES);
  entry.writeBigInt64BE(txn.producerId, 0);
  entry.writeBigInt64BE(txn.firstOffset, 8);
  entry.writeBigInt64BE(txn.lastOffset, 16);
  entry.writeUInt32BE(crc32c(entry, 0, 0, 24), 24);
  return entry;
}

export class AbortedTxnIndex {
  private readonly fs: FileSystem;
  private readonly filePath: string;
  /** Opened on the first write: most partitions never see an aborted transaction. */
  private file: FileHandle | null = null;
  /** Ordered by lastOffset (markers are appended in offset order). */
  private entries: AbortedTxn[];

  private constructor(fs: FileSystem, filePath: string, entries: AbortedTxn[]) {
    this.fs = fs;
    this.filePath = filePath;
    this.entries = entries;
  }

  /** The index of a partition never written: no file is read (nor made until the first abort). */
  static empty(fs: FileSystem, dir: string): AbortedTxnIndex {
    return new AbortedTxnIndex(fs, path.join(dir, ABORTED_TXN_INDEX_FILE), []);
  }

  /** Loads the index, keeping entries below `logEndOffset` and not wholly below `logStartOffset`. */
  static async open(fs: FileSystem, dir: string, logStartOffset: bigint, logEndOffset: bigint): Promise<AbortedTxnIndex> {
    const filePath = path.join(dir, ABORTED_TXN_INDEX_FILE);
    const data = (await fs.readFile(filePath)) ?? Buffer.alloc(0);
    const entries: AbortedTxn[] = [];
    let validBytes = 0;
    // Each iteration consumes one entry or stops.
    for (let at = 0; at + ENTRY_BYTES <= data.length; at += ENTRY_BYTES) {
      if (crc32c(data, 0, at, at + 24) !== data.readUInt32BE(at + 24)) break;
      entries.push({
        producerId: data.readBigInt64BE(at),
        firstOffset: data.readBigInt64BE(at + 8),
        lastOffset: data.readBigInt64BE(at + 16),
      });
      validBytes = at + ENTRY_BYTES;
    }
    const kept = entries.filter((txn) => txn.lastOffset < logEndOffset && txn.lastOffset >= logStartOffset).slice(-MAX_ABORTED_TXNS);
    const index = new AbortedTxnIndex(fs, filePath, kept);
    if (kept.length !== entries.length || validBytes !== data.length) await index.rewrite();
    return index;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Offset of the newest recorded ABORT marker, -1 if none. */
  get lastMarkerOffset(): bigint {
    return this.entries.at(-1)?.lastOffset ?? -1n;
  }

  async append(txn: CompletedTxn): Promise<void> {
    this.entries.push({ producerId: txn.producerId, firstOffset: txn.firstOffset, lastOffset: txn.lastOffset });
    if (this.entries.length > MAX_ABORTED_TXNS) {
      this.entries = this.entries.slice(-MAX_ABORTED_TXNS);
      await this.rewrite();
      return;
    }
    await (await this.handle()).write(encodeEntry(txn), (this.entries.length - 1) * ENTRY_BYTES);
  }

  /** Aborted transactions with data in [fromOffset, toOffset): their marker is at or after fromOffset, their first record before toOffset. */
  overlapping(fromOffset: bigint, toOffset: bigint): AbortedTxn[] {
    // Binary search for the first entry whose marker is at or after fromOffset.
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle].lastOffset < fromOffset) low = middle + 1;
      else high = middle;
    }
    const found: AbortedTxn[] = [];
    for (let i = low; i < this.entries.length; i++) {
      if (this.entries[i].firstOffset < toOffset) found.push(this.entries[i]);
    }
    return found;
  }

  /** Drops entries whose marker lies before the log start offset (their data is gone). */
  async dropBefore(logStartOffset: bigint): Promise<void> {
    const kept = this.entries.filter((txn) => txn.lastOffset >= logStartOffset);
    if (kept.length === this.entries.length) return;
    this.entries = kept;
    await this.rewrite();
  }

  /** Forgets the transactions whose ABORT marker (at one of `markerOffsets`) the log cleaner removed. */
  async removeMarkers(markerOffsets: ReadonlySet<bigint>): Promise<void> {
    const kept = this.entries.filter((txn) => !markerOffsets.has(txn.lastOffset));
    if (kept.length === this.entries.length) return;
    this.entries = kept;
    await this.rewrite();
  }

  async flush(): Promise<void> {
    await this.file?.sync();
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = null;
    await file?.close();
  }

  private async handle(): Promise<FileHandle> {
    this.file ??= await this.fs.open(this.filePath);
    return this.file;
  }

  private async rewrite(): Promise<void> {
    const file = await this.handle();
    await file.truncate(0);
    if (this.entries.length > 0) await file.write(Buffer.concat(this.entries.map(encodeEntry)), 0);
  }
}
