// Builds an encoded message as a LIST of buffers: small values go into a scratch chunk that is filled in
// place, large payloads (record sets) are appended by reference, so a fetch response never copies the
// records it serves and nothing is concatenated repeatedly. Sent with socket.writev / cork as a list.

import { writeUuidBytes } from './uuid.ts';

/** Payloads at least this long are appended by reference instead of copied into the chunk. */
const APPEND_BY_REFERENCE_BYTES = 512;
const DEFAULT_FIRST_CHUNK_BYTES = 512;
const MAX_CHUNK_BYTES = 64 * 1024;
const MAX_STRING_BYTES = 0x7fff;

export type RecordsValue = Buffer | Buffer[] | null;

export class Writer {
  private readonly buffers: Buffer[] = [];
  private flushedBytes = 0;
  private chunk: Buffer;
  /** Start of the chunk's bytes not yet pushed to `buffers`. */
  private chunkStart = 0;
  private position = 0;
  private nextChunkBytes: number;

  constructor(firstChunkBytes = DEFAULT_FIRST_CHUNK_BYTES) {
    this.chunk = Buffer.allocUnsafe(firstChunkBytes);
    this.nextChunkBytes = Math.min(firstChunkBytes * 2, MAX_CHUNK_BYTES);
  }

  /** Total bytes written so far. */
  get length(): number {
    return this.flushedBytes + this.position - this.chunkStart;
  }

  toBuffers(): Buffer[] {
    this.flush();
    return this.buffers.slice();
  }

  toBuffer(): Buffer {
    this.flush();
    if (this.buffers.length === 1) return this.buffers[0];
    return Buffer.concat(this.buffers, this.flushedBytes);
  }

  private flush(): void {
    if (this.position > this.chunkStart) {
      this.buffers.push(this.chunk.subarray(this.chunkStart, this.position));
      this.flushedBytes += this.position - this.chunkStart;
      this.chunkStart = this.position;
    }
  }

  /** Makes room for `bytes` more in the chunk, starting a new chunk when it is full. */
  private reserve(bytes: number): void {
    if (this.position + bytes <= this.chunk.length) return;
    this.flush();
    const size = Math.max(bytes, this.nextChunkBytes);
    this.nextChunkBytes = Math.min(this.nextChunkBytes * 2, MAX_CHUNK_BYTES);
    this.chunk = Buffer.allocUnsafe(size);
    this.chunkStart = 0;
    this.position = 0;
  }

  writeInt8(value: number): void {
    this.reserve(1);
    this.chunk.writeInt8(value, this.position);
    this.position += 1;
  }

  writeUInt8(value: number): void {
    this.reserve(1);
    this.chunk[this.position++] = value;
  }

  writeBool(value: boolean): void {
    this.reserve(1);
    this.chunk[this.position++] = value ? 1 : 0;
  }

  writeInt16(value: number): void {
    this.reserve(2);
    this.chunk.writeInt16BE(value, this.position);
    this.position += 2;
  }

  writeUInt16(value: number): void {
    this.reserve(2);
    this.chunk.writeUInt16BE(value, this.position);
    this.position += 2;
  }

  writeInt32(value: number): void {
    this.reserve(4);
    this.chunk.writeInt32BE(value, this.position);
    this.position += 4;
  }

  writeUInt32(value: number): void {
    this.reserve(4);
    this.chunk.writeUInt32BE(value, this.position);
    this.position += 4;
  }

  writeInt64(value: bigint): void {
    this.reserve(8);
    this.chunk.writeBigInt64BE(value, this.position);
    this.position += 8;
  }

  writeFloat64(value: number): void {
    this.reserve(8);
    this.chunk.writeDoubleBE(value, this.position);
    this.position += 8;
  }

  writeUuid(value: string): void {
    this.reserve(16);
    writeUuidBytes(value, this.chunk, this.position);
    this.position += 16;
  }

  writeUnsignedVarint(value: number): void {
    if (!(value >= 0 && value <= 0xffffffff)) throw new RangeError(`unsigned varint out of range: ${value}`);
    this.reserve(5);
    let rest = value;
    while (rest >= 0x80) {
      this.chunk[this.position++] = (rest & 0x7f) | 0x80;
      rest = Math.floor(rest / 128);
    }
    this.chunk[this.position++] = rest;
  }

  /** Zig-zag signed varint (int32). */
  writeVarint(value: number): void {
    this.writeUnsignedVarint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  /** Zig-zag signed varlong (int64). */
  writeVarlong(value: bigint): void {
    let rest = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
    this.reserve(10);
    while (rest >= 0x80n) {
      this.chunk[this.position++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.chunk[this.position++] = Number(rest);
  }

  /** Appends raw bytes: copied when small, by reference when large (the caller must not mutate them after). */
  writeRawBytes(value: Buffer): void {
    if (value.length >= APPEND_BY_REFERENCE_BYTES) {
      this.flush();
      this.buffers.push(value);
      this.flushedBytes += value.length;
      return;
    }
    this.reserve(value.length);
    value.copy(this.chunk, this.position);
    this.position += value.length;
  }

  /** Appends everything another writer holds (used for tagged fields, whose size precedes them). */
  writeWriter(other: Writer): void {
    for (const buffer of other.toBuffers()) this.writeRawBytes(buffer);
  }

  // Strings: int16 length (-1 = null) or compact unsigned varint length+1 (0 = null).

  writeString(value: string): void {
    if (value === null) throw new TypeError('null written to a non-nullable string');
    const length = stringByteLength(value);
    this.reserve(2 + length);
    this.chunk.writeInt16BE(length, this.position);
    this.position += 2;
    this.writeUtf8(value, length);
  }

  writeNullableString(value: string | null): void {
    if (value === null) this.writeInt16(-1);
    else this.writeString(value);
  }

  writeCompactString(value: string): void {
    if (value === null) throw new TypeError('null written to a non-nullable string');
    const length = stringByteLength(value);
    this.writeUnsignedVarint(length + 1);
    this.reserve(length);
    this.writeUtf8(value, length);
  }

  writeCompactNullableString(value: string | null): void {
    if (value === null) this.writeUnsignedVarint(0);
    else this.writeCompactString(value);
  }

  private writeUtf8(value: string, length: number): void {
    this.chunk.write(value, this.position, length, 'utf8');
    this.position += length;
  }

  // Bytes: int32 length (-1 = null) or compact unsigned varint length+1 (0 = null).

  writeBytes(value: Buffer): void {
    if (value === null) throw new TypeError('null written to non-nullable bytes');
    this.writeInt32(value.length);
    this.writeRawBytes(value);
  }

  writeNullableBytes(value: Buffer | null): void {
    if (value === null) this.writeInt32(-1);
    else this.writeBytes(value);
  }

  writeCompactBytes(value: Buffer): void {
    if (value === null) throw new TypeError('null written to non-nullable bytes');
    this.writeUnsignedVarint(value.length + 1);
    this.writeRawBytes(value);
  }

  writeCompactNullableBytes(value: Buffer | null): void {
    if (value === null) this.writeUnsignedVarint(0);
    else this.writeCompactBytes(value);
  }

  /** A records field: one length covering every buffer of a list, the buffers appended without concatenation. */
  writeRecords(value: RecordsValue, compact: boolean): void {
    if (value === null) {
      if (compact) this.writeUnsignedVarint(0);
      else this.writeInt32(-1);
      return;
    }
    const parts = Array.isArray(value) ? value : [value];
    let total = 0;
    for (const part of parts) total += part.length;
    if (compact) this.writeUnsignedVarint(total + 1);
    else this.writeInt32(total);
    for (const part of parts) this.writeRawBytes(part);
  }

  // Array counts: -1 = null.

  writeArrayLength(count: number): void {
    this.writeInt32(count);
  }

  writeCompactArrayLength(count: number): void {
    this.writeUnsignedVarint(count + 1);
  }
}

function stringByteLength(value: string): number {
  const length = Buffer.byteLength(value, 'utf8');
  if (length > MAX_STRING_BYTES) throw new RangeError(`string of ${length} bytes exceeds the protocol's ${MAX_STRING_BYTES}`);
  return length;
}
