import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './murmur2.ts';

describe('murmur2', () => {
  it("gives the hashes of Kafka's own test vectors", () => {
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

  it("masks the sign bit (as Kafka's toPositive) rather than taking an absolute value", () => {
    expect(partitionForKey(Buffer.from('21'), 7)).toBe((-973932308 & 0x7fffffff) % 7);
  });
});
