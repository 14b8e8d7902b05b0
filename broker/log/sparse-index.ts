// The sparse .index and .timeindex of a segment (Kafka's OffsetIndex / TimeIndex):
//   .index      8-byte entries: int32 offset relative to the segment base, int32 byte position in .log
//   .timeindex 12-byte entries: int64 max timestamp so far, int32 relative offset
// Both are append-only with strictly increasing keys. Lookups are served from memory: the file is read
// once when the segment loads and is the durable copy, rebuilt from the .log when it does not match.
// The file is opened only to be written (the active segment), so inactive segments hold no descriptor.

import type { FileHandle, FileSystem } from './file-system.ts';

export type IndexKind = 'offset' | 'time';

const ENTRY_BYTES: Record<IndexKind, number> = { offset: 8, time: 12 };
/** Bound on entries per segment: a 2 GiB segment indexed every 4 KiB needs 512 Ki entries. */
const MAX_ENTRIES = 4 * 1024 * 1024;

export interface IndexEntry {
  /** Offset index: relative offset; time index: timestamp in ms. */
  key: number;
  /** Offset index: byte position; time index: relative offset. */
  value: number;
}

export class SparseIndex {
  readonly kind: IndexKind;
  private readonly fs: FileSystem;
  private readonly filePath: string;
  /** Opened on the first write. */
  private file: FileHandle | null = null;
  private entries: Buffer;
  private count = 0;

  private constructor(kind: IndexKind, fs: FileSystem, filePath: string, entries: Buffer, count: number) {
    this.kind = kind;
    this.fs = fs;
    this.filePath = filePath;
    this.entries = entries;
    this.count = count;
  }

  static empty(kind: IndexKind, fs: FileSystem, filePath: string): SparseIndex {
    return new SparseIndex(kind, fs, filePath, Buffer.alloc(0), 0);
  }

  /**
   * Reads the file's entries (a missing file is an empty index); returns null if they are not strictly
   * increasing or a value is out of range (`maxValue`: the .log size for the offset index, the last
   * relative offset for the time index).
   */
  static async load(kind: IndexKind, fs: FileSystem, filePath: string, maxValue: number): Promise<SparseIndex | null> {
    const entryBytes = ENTRY_BYTES[kind];
    const data = (await fs.readFile(filePath)) ?? Buffer.alloc(0);
    const sizeBytes = data.length;
    if (sizeBytes % entryBytes !== 0 || sizeBytes / entryBytes > MAX_ENTRIES) return null;
    const index = new SparseIndex(kind, fs, filePath, data, sizeBytes / entryBytes);
    let previous: IndexEntry | null = null;
    for (let i = 0; i < index.count; i++) {
      const entry = index.entryAt(i);
      if (entry.value < 0 || entry.value > maxValue) return null;
      if (previous !== null && (entry.key <= previous.key || entry.value < previous.value)) return null;
      previous = entry;
    }
    return index;
  }

  get entryCount(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= MAX_ENTRIES;
  }

  lastEntry(): IndexEntry | null {
    return this.count === 0 ? null : this.entryAt(this.count - 1);
  }

  entryAt(i: number): IndexEntry {
    const at = i * ENTRY_BYTES[this.kind];
    if (this.kind === 'offset') return { key: this.entries.readInt32BE(at), value: this.entries.readInt32BE(at + 4) };
    return { key: Number(this.entries.readBigInt64BE(at)), value: this.entries.readInt32BE(at + 8) };
  }

  /** The greatest entry whose key is <= `key` (binary search), or null if none is. */
  floor(key: number): IndexEntry | null {
    let low = 0;
    let high = this.count - 1;
    let found: IndexEntry | null = null;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const entry = this.entryAt(middle);
      if (entry.key <= key) {
        found = entry;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /** Appends an entry in memory and to the file; keys that do not increase are ignored. */
  async append(key: number, value: number): Promise<void> {
    const last = this.lastEntry();
    if ((last !== null && key <= last.key) || this.full) return;
    const entry = this.encode(key, value);
    await (await this.handle()).write(entry, this.count * entry.length);
    this.push(entry);
  }

  /** Replaces all entries (after rebuilding from the .log) with one write. */
  async rewrite(newEntries: readonly IndexEntry[]): Promise<void> {
    this.count = 0;
    const bounded = newEntries.slice(0, MAX_ENTRIES);
    for (const entry of bounded) this.push(this.encode(entry.key, entry.value));
    // No entries and no open file: a missing file is an empty index, so nothing needs opening.
    if (this.count === 0 && this.file === null) {
      await this.fs.unlink(this.filePath);
      return;
    }
    const file = await this.handle();
    await file.truncate(0);
    if (this.count > 0) await file.write(this.entries.subarray(0, this.count * ENTRY_BYTES[this.kind]), 0);
  }

  /** fsyncs what was written; an index never written has nothing to make durable. */
  async sync(): Promise<void> {
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

  private encode(key: number, value: number): Buffer {
    const entry = Buffer.alloc(ENTRY_BYTES[this.kind]);
    if (this.kind === 'offset') {
      entry.writeInt32BE(key, 0);
      entry.writeInt32BE(value, 4);
    } else {
      entry.writeBigInt64BE(BigInt(key), 0);
      entry.writeInt32BE(value, 8);
    }
    return entry;
  }

  private push(entry: Buffer): void {
    const at = this.count * entry.length;
    if (at + entry.length > this.entries.length) {
      const grown = Buffer.alloc(Math.max(this.entries.length * 2, entry.length * 16));
      this.entries.copy(grown);
      this.entries = grown;
    }
    entry.copy(this.entries, at);
    this.count++;
  }
}
