import { describe, expect, it } from 'vitest';
import { crc32c, crc32cImplementation, crc32cPortable } from './crc32c.ts';

/** Bit-by-bit reference implementation to compare the table-driven one against. */
function referenceCrc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe.each([
  ['crc32c', crc32c],
  ['crc32cPortable', crc32cPortable],
])('%s', (_name, crc32c) => {
  it('matches the CRC-32C check value for "123456789"', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('agrees with a bit-by-bit implementation at every alignment and length', () => {
    const backing = Buffer.alloc(300);
    for (let i = 0; i < backing.length; i++) backing[i] = (i * 131 + 7) & 0xff;
    for (let start = 0; start < 9; start++) {
      for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 63, 200]) {
        const slice = backing.subarray(start, start + length);
        expect(crc32c(slice)).toBe(referenceCrc32c(slice));
        expect(crc32c(backing, 0, start, start + length)).toBe(referenceCrc32c(slice));
      }
    }
  });

  it('continues a checksum across chunks', () => {
    const data = Buffer.from('the quick brown fox jumps over the lazy dog, twice over');
    const whole = crc32c(data);
    expect(crc32c(data.subarray(13), crc32c(data.subarray(0, 13)))).toBe(whole);
  });
});

describe('the implementation in use', () => {
  it('is the native one on this platform, and agrees with the portable one on large unaligned input', () => {
    expect(crc32cImplementation).toBe('native');
    const data = Buffer.alloc(1 << 20);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    for (const [start, end] of [
      [0, data.length],
      [3, data.length - 5],
      [61, 1_000_061],
    ]) {
      expect(crc32c(data, 0, start, end)).toBe(crc32cPortable(data, 0, start, end));
      expect(crc32c(data, 12345, start, end)).toBe(crc32cPortable(data, 12345, start, end));
    }
  });
});
