import { describe, expect, it } from 'vitest';
import { ProtocolError, Reader } from './reader.ts';
import { Writer } from './writer.ts';
import { ZERO_UUID } from './uuid.ts';

function bytesOf(write: (writer: Writer) => void): Buffer {
  const writer = new Writer(8);
  write(writer);
  return writer.toBuffer();
}

describe('Reader and Writer', () => {
  it('round-trip unsigned varints at every byte-length boundary', () => {
    for (const value of [0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, 0xffffffff]) {
      const bytes = bytesOf((w) => w.writeUnsignedVarint(value));
      expect(new Reader(bytes).readUnsignedVarint()).toBe(value);
    }
    expect(bytesOf((w) => w.writeUnsignedVarint(300)).toString('hex')).toBe('ac02');
  });

  it('round-trip zig-zag varints and varlongs including the extremes', () => {
    for (const value of [0, -1, 1, -64, 64, 2147483647, -2147483648]) {
      expect(new Reader(bytesOf((w) => w.writeVarint(value))).readVarint()).toBe(value);
    }
    for (const value of [0n, -1n, 1n, 9223372036854775807n, -9223372036854775808n]) {
      expect(new Reader(bytesOf((w) => w.writeVarlong(value))).readVarlong()).toBe(value);
    }
    expect(bytesOf((w) => w.writeVarint(-1)).toString('hex')).toBe('01');
  });

  it('reject a varint longer than five bytes', () => {
    expect(() => new Reader(Buffer.from('ffffffffff01', 'hex')).readUnsignedVarint()).toThrow(ProtocolError);
  });

  it('write UUIDs as 16 bytes and read them back in canonical lower case', () => {
    const uuid = '01234567-89ab-cdef-fedc-ba9876543210';
    const bytes = bytesOf((w) => w.writeUuid(uuid.toUpperCase()));
    expect(bytes.toString('hex')).toBe('0123456789abcdeffedcba9876543210');
    expect(new Reader(bytes).readUuid()).toBe(uuid);
    expect(new Reader(Buffer.alloc(16)).readUuid()).toBe(ZERO_UUID);
    expect(() => bytesOf((w) => w.writeUuid('not-a-uuid'))).toThrow();
  });

  it('encode nullable and compact strings and bytes as Kafka does', () => {
    expect(bytesOf((w) => w.writeNullableString(null)).toString('hex')).toBe('ffff');
    expect(bytesOf((w) => w.writeString('ab')).toString('hex')).toBe('00026162');
    expect(bytesOf((w) => w.writeCompactNullableString(null)).toString('hex')).toBe('00');
    expect(bytesOf((w) => w.writeCompactString('ab')).toString('hex')).toBe('036162');
    expect(bytesOf((w) => w.writeNullableBytes(null)).toString('hex')).toBe('ffffffff');
    expect(bytesOf((w) => w.writeCompactBytes(Buffer.from([9]))).toString('hex')).toBe('0209');
    expect(new Reader(Buffer.from('0002c3a9', 'hex')).readString()).toBe('é');
  });

  it('return byte fields as views of the frame, not copies', () => {
    const frame = Buffer.from('00000002abcd', 'hex');
    const bytes = new Reader(frame).readBytes();
    frame[4] = 0x11;
    expect(bytes.toString('hex')).toBe('11cd');
  });

  it('throw ProtocolError on lengths that cannot fit the remaining bytes', () => {
    expect(() => new Reader(Buffer.from('00056162', 'hex')).readString()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from('fffe', 'hex')).readNullableString()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from('ffff', 'hex')).readString()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from('7fffffff00', 'hex')).readArrayLength()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from('fffffffe', 'hex')).readArrayLength()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from('ffffff7f', 'hex')).readCompactArrayLength()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from('80000000', 'hex')).readBytes()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from('00', 'hex')).readInt16()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.alloc(7)).readInt64()).toThrow(ProtocolError);
    expect(new Reader(Buffer.from('ffffffff', 'hex')).readArrayLength()).toBe(-1);
  });

  it('keep a running length and append large payloads by reference across chunk boundaries', () => {
    const writer = new Writer(4);
    const payload = Buffer.alloc(4096, 1);
    writer.writeInt32(1);
    writer.writeRecords([payload, Buffer.from([2, 3])], false);
    for (let i = 0; i < 100; i++) writer.writeInt64(BigInt(i));
    expect(writer.length).toBe(4 + 4 + 4096 + 2 + 800);
    const buffers = writer.toBuffers();
    expect(buffers).toContain(payload);
    const joined = writer.toBuffer();
    expect(joined.length).toBe(writer.length);
    const reader = new Reader(joined);
    expect(reader.readInt32()).toBe(1);
    expect(reader.readNullableBytes()!.length).toBe(4098);
    expect(reader.readInt64()).toBe(0n);
  });

  it('keep earlier buffers intact when writing continues after toBuffers', () => {
    const writer = new Writer(16);
    writer.writeInt32(7);
    const [first] = writer.toBuffers();
    writer.writeInt32(8);
    expect(first.toString('hex')).toBe('00000007');
    expect(writer.toBuffer().toString('hex')).toBe('0000000700000008');
  });
});
