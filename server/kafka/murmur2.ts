// Kafka's default partitioner for keyed records (Java's Utils.murmur2 and toPositive): the same key always
// lands on the same partition, so "find key K" reads only that partition.

/** Kafka's 32-bit murmur2 of the bytes, seed 0x9747b28c, as a signed 32-bit integer. */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const r = 24;
  const length = data.length;
  let h = (0x9747b28c ^ length) | 0;
  const fourByteChunks = length >> 2;
  for (let i = 0; i < fourByteChunks; i++) {
    const at = i * 4;
    let k = (data[at] & 0xff) | ((data[at + 1] & 0xff) << 8) | ((data[at + 2] & 0xff) << 16) | ((data[at + 3] & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = fourByteChunks * 4;
  // The tail bytes mix in from the highest, as Java's fall-through switch does.
  const tailLength = length & 3;
  if (tailLength === 3) h ^= (data[tail + 2] & 0xff) << 16;
  if (tailLength >= 2) h ^= (data[tail + 1] & 0xff) << 8;
  if (tailLength >= 1) {
    h ^= data[tail] & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Kafka's default partitioner picks for a non-null key. */
export function partitionForKey(key: Uint8Array, partitionCount: number): number {
  return (murmur2(key) & 0x7fffffff) % partitionCount;
}
