// The reference partitioner formulas the placement tests rely on, checked against known vectors.
import { describe, expect, test } from 'vitest';
import { javaMurmur2Partition, librdkafkaCrc32Partition, murmur2 } from '../fixtures/partitioners.ts';

describe('reference partitioners', () => {
  test("murmur2 matches the vectors of Kafka's UtilsTest", () => {
    const vectors: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of vectors) expect(murmur2(Buffer.from(key)), key).toBe(hash);
  });

  test('Java placement masks the sign bit instead of taking an absolute value', () => {
    // murmur2("21") is negative: (h & 0x7fffffff) % 7 differs from Math.abs(h) % 7.
    expect(javaMurmur2Partition('21', 7)).toBe((-973932308 & 0x7fffffff) % 7);
    expect(javaMurmur2Partition('21', 7)).not.toBe(Math.abs(-973932308) % 7);
  });

  test('librdkafka placement uses the unsigned zlib CRC-32 of the key', () => {
    // crc32("123456789") = 0xCBF43926, the standard check value.
    expect(librdkafkaCrc32Partition('123456789', 1000)).toBe(0xcbf43926 % 1000);
  });
});
