// Bounds-checked reader over one Kafka frame. Every read checks the bytes it needs first and throws
// ProtocolError on truncation or an impossible length, so a hostile frame can never make us allocate
// from an unchecked length or surface as a RangeError. Byte payloads are subarrays of the frame (no copy).

import { uuidFromBytes } from './uuid.ts';

export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Longest string Kafka's own readers accept (int16 length on the wire). */
const MAX_STRING_BYTES = 0x7fff;

export class Reader {
  readonly buffer: Buffer;
  offset: number;

  constructor(buffer: Buffer, offset = 0) {
    if (offset < 0 || offset > buffer.length) throw new ProtocolError(`reader offset ${offset} is outside the buffer`);
    this.buffer = buffer;
    this.offset = offset;
  }

  remaining(): number {
    return this.buffer.length - this.offset;
  }

  /** Throws unless `bytes` more bytes are available. */
  ensure(bytes: number, what: string): void {
    if (bytes > this.buffer.length - this.offset) {
      throw new ProtocolError(`truncated ${what}: needs ${bytes} bytes, ${this.remaining()} left`);
    }
  }

  readInt8(): number {
    this.ensure(1, 'int8');
    return this.buffer.readInt8(this.offset++);
  }

  readUInt8(): number {
    this.ensure(1, 'uint8');
    return this.buffer[this.offset++];
  }

  readBool(): boolean {
    this.ensure(1, 'bool');
    return this.buffer[this.offset++] !== 0;
  }

  readInt16(): number {
    this.ensure(2, 'int16');
    const value = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  readUInt16(): number {
    this.ensure(2, 'uint16');
    const value = this.buffer.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  readInt32(): number {
    this.ensure(4, 'int32');
    const value = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  readUInt32(): number {
    this.ensure(4, 'uint32');
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  readInt64(): bigint {
    this.ensure(8, 'int64');
    const value = this.buffer.readBigInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  readFloat64(): number {
    this.ensure(8, 'float64');
    const value = this.buffer.readDoubleBE(this.offset);
    this.offset += 8;
    return value;
  }

  readUuid(): string {
    this.ensure(16, 'uuid');
    const value = uuidFromBytes(this.buffer, this.offset);
    this.offset += 16;
    return value;
  }

  /** Unsigned LEB128, at most 5 bytes, result within uint32. */
  readUnsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.ensure(1, 'varint');
      const byte = this.buffer[this.offset++];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffffffff) throw new ProtocolError('varint exceeds 32 bits');
        return value;
      }
    }
    throw new ProtocolError('varint longer than 5 bytes');
  }

  /** Zig-zag signed varint (int32). */
  readVarint(): number {
    const raw = this.readUnsignedVarint();
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** Zig-zag signed varlong (int64), at most 10 bytes. */
  readVarlong(): bigint {
    let raw = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      this.ensure(1, 'varlong');
      const byte = this.buffer[this.offset++];
      raw |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        raw = BigInt.asUintN(64, raw);
        return BigInt.asIntN(64, (raw >> 1n) ^ -(raw & 1n));
      }
    }
    throw new ProtocolError('varlong longer than 10 bytes');
  }

  /** The next `length` bytes as a subarray of the frame (no copy). */
  readRawBytes(length: number): Buffer {
    if (length < 0) throw new ProtocolError(`negative byte length ${length}`);
    this.ensure(length, 'bytes');
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  skip(length: number): void {
    this.readRawBytes(length);
  }

  // Strings: int16 length (-1 = null) or compact unsigned varint length+1 (0 = null).

  readString(): string {
    const value = this.readNullableString();
    if (value === null) throw new ProtocolError('null in a non-nullable string');
    return value;
  }

  readNullableString(): string | null {
    const length = this.readInt16();
    if (length === -1) return null;
    return this.readUtf8(length);
  }

  readCompactString(): string {
    const value = this.readCompactNullableString();
    if (value === null) throw new ProtocolError('null in a non-nullable compact string');
    return value;
  }

  readCompactNullableString(): string | null {
    const lengthPlusOne = this.readUnsignedVarint();
    if (lengthPlusOne === 0) return null;
    return this.readUtf8(lengthPlusOne - 1);
  }

  private readUtf8(length: number): string {
    if (length < 0 || length > MAX_STRING_BYTES) throw new ProtocolError(`invalid string length ${length}`);
    this.ensure(length, 'string');
    const start = this.offset;
    this.offset += length;
    return this.buffer.toString('utf8', start, start + length);
  }

  // Bytes: int32 length (-1 = null) or compact unsigned varint length+1 (0 = null). Records use the same.

  readBytes(): Buffer {
    const value = this.readNullableBytes();
    if (value === null) throw new ProtocolError('null in non-nullable bytes');
    return value;
  }

  readNullableBytes(): Buffer | null {
    const length = this.readInt32();
    if (length === -1) return null;
    return this.readRawBytes(length);
  }

  readCompactBytes(): Buffer {
    const value = this.readCompactNullableBytes();
    if (value === null) throw new ProtocolError('null in non-nullable compact bytes');
    return value;
  }

  readCompactNullableBytes(): Buffer | null {
    const lengthPlusOne = this.readUnsignedVarint();
    if (lengthPlusOne === 0) return null;
    return this.readRawBytes(lengthPlusOne - 1);
  }

  // Array counts: -1 means null. A count larger than the remaining bytes is impossible (Kafka's rule too),
  // which bounds every decode loop and allocation by the frame size.

  readArrayLength(): number {
    const count = this.readInt32();
    return this.checkCount(count);
  }

  readCompactArrayLength(): number {
    const countPlusOne = this.readUnsignedVarint();
    return this.checkCount(countPlusOne - 1);
  }

  /** Tagged-field count of a flexible struct; each field takes at least two bytes. */
  readTaggedFieldCount(): number {
    const count = this.readUnsignedVarint();
    if (count * 2 > this.remaining()) throw new ProtocolError(`tagged field count ${count} exceeds the frame`);
    return count;
  }

  private checkCount(count: number): number {
    if (count < -1) throw new ProtocolError(`invalid array length ${count}`);
    if (count > this.remaining()) throw new ProtocolError(`array length ${count} exceeds the ${this.remaining()} bytes left`);
    return count;
  }
}
