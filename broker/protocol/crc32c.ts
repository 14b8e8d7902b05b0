// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78): the checksum of RecordBatch v2, computed over every
// produced byte. Node's zlib.crc32 is the IEEE CRC-32, a different polynomial. @node-rs/crc32 computes CRC-32C
// with the CPU's CRC instructions (SSE 4.2 / ARMv8), several times faster than JavaScript can; where its
// prebuilt binary does not exist for the platform, the portable slicing-by-8 version below is used instead
// (~1 GB/s on Node 22; word loads assume a little-endian host, big-endian hosts use byte loads).

import { createRequire } from 'node:module';
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

type NativeCrc32c = (input: Uint8Array, initialState?: number) => number;

function loadNative(): NativeCrc32c | null {
  try {
    return (createRequire(import.meta.url)('@node-rs/crc32') as { crc32c: NativeCrc32c }).crc32c;
  } catch {
    return null;
  }
}

const native = loadNative();

/** Which implementation `crc32c` uses, for tests and the broker's start-up line. */
export const crc32cImplementation: 'native' | 'portable' = native === null ? 'portable' : 'native';

/**
 * CRC-32C of `data[start, end)`, continuing from `initial` (the unsigned result of a previous call over
 * the preceding bytes; 0 to start). Returns an unsigned 32-bit number.
 */
export function crc32c(data: Uint8Array, initial = 0, start = 0, end = data.length): number {
  if (native === null) return crc32cPortable(data, initial, start, end);
  return native(start === 0 && end === data.length ? data : data.subarray(start, end), initial);
}

/** The JavaScript implementation, same contract as `crc32c`. */
export function crc32cPortable(data: Uint8Array, initial = 0, start = 0, end = data.length): number {
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
