// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78): the checksum of RecordBatch v2.
// Node's zlib.crc32 is the IEEE CRC-32, a different polynomial, so we compute this one ourselves.
// Slicing-by-8 over aligned 32-bit word loads (~1 GB/s on Node 22, twice the byte-load version): this
// runs on every produced byte. Word loads assume a little-endian host; big-endian hosts use byte loads.

import { endianness } from 'node:os';

const POLYNOMIAL = 0x82f63b78;
const SLICES = 8;
const LITTLE_ENDIAN_HOST = endianness() === 'LE';

function buildTables(): Int32Array {
  const tables = new Int32Array(256 * SLICES);
  for (let n = 0; n < 256; n++) {
    let crc = n;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    tables[n] = crc;
  }
  for (let n = 0; n < 256; n++) {
    let crc = tables[n];
    for (let slice = 1; slice < SLICES; slice++) {
      crc = tables[crc & 0xff] ^ (crc >>> 8);
      tables[slice * 256 + n] = crc;
    }
  }
  return tables;
}

const TABLES = buildTables();

/**
 * CRC-32C of `data[start, end)`, continuing from `initial` (the unsigned result of a previous call over
 * the preceding bytes; 0 to start). Returns an unsigned 32-bit number.
 */
export function crc32c(data: Uint8Array, initial = 0, start = 0, end = data.length): number {
  const t = TABLES;
  let crc = ~initial | 0;
  let i = start;
  // Single bytes until the next load is 4-byte aligned in the underlying ArrayBuffer.
  while (i < end && ((data.byteOffset + i) & 3) !== 0) crc = t[(crc ^ data[i++]) & 0xff] ^ (crc >>> 8);
  const blocks = (end - i) >>> 3;
  if (blocks > 0 && LITTLE_ENDIAN_HOST) {
    const words = new Int32Array(data.buffer, data.byteOffset + i, blocks * 2);
    const wordCount = blocks * 2;
    for (let k = 0; k < wordCount; k += 2) {
      const low = words[k] ^ crc;
      const high = words[k + 1];
      crc =
        t[1792 + (low & 0xff)] ^
        t[1536 + ((low >>> 8) & 0xff)] ^
        t[1280 + ((low >>> 16) & 0xff)] ^
        t[1024 + (low >>> 24)] ^
        t[768 + (high & 0xff)] ^
        t[512 + ((high >>> 8) & 0xff)] ^
        t[256 + ((high >>> 16) & 0xff)] ^
        t[high >>> 24];
    }
    i += blocks * 8;
  }
  while (i < end) crc = t[(crc ^ data[i++]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
