// Snappy and LZ4 payloads of record batches (node:zlib has neither). The block codecs come from npm
// (`snappy`, `lz4-napi`: prebuilt napi binaries, no native build); the Kafka-specific framing is here.
// - snappy: Java clients write xerial framing (magic, two int32 versions, then [int32 length][raw
//   snappy block] chunks), librdkafka writes one raw snappy block; both are read. We write xerial
//   framing: what Kafka's own broker writes when it recompresses, read by the Java client
//   (SnappyInputStream) and by librdkafka (rd_kafka_snappy_java_uncompress) alike.
// - lz4: the LZ4 frame format with a correct header checksum (magic 2 batches); lz4_flex writes
//   independent 64 KiB blocks without content checksum, which Kafka's KafkaLZ4BlockInputStream reads.
// Output sizes are checked against `maxBytes` from the headers before anything is decompressed.

import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compressSync as snappyCompressSync, uncompressSync as snappyUncompressSync } from 'snappy';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;
const XERIAL_VERSION = 1;
const XERIAL_COMPATIBLE_VERSION = 1;
/** snappy-java's default block size. */
const XERIAL_CHUNK_BYTES = 32 * 1024;

const LZ4_FRAME_MAGIC = 0x184d2204;
const LZ4_SKIPPABLE_MASK = 0xfffffff0;
const LZ4_SKIPPABLE_MAGIC = 0x184d2a50;
const LZ4_UNCOMPRESSED_BIT = 0x80000000;

/** The uncompressed length a raw snappy block announces (its leading varint32). */
function snappyDeclaredLength(block: Buffer): number {
  let length = 0;
  for (let i = 0; i < 5; i++) {
    if (i >= block.length) throw new RangeError('snappy block ends inside its length');
    const byte = block[i];
    length += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return length;
  }
  throw new RangeError('snappy length longer than 5 bytes');
}

function snappyBlocks(payload: Buffer): Buffer[] {
  if (payload.length < XERIAL_HEADER_BYTES || !payload.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) return [payload];
  const blocks: Buffer[] = [];
  // Each chunk consumes at least its 4-byte length.
  for (let position = XERIAL_HEADER_BYTES; position < payload.length; ) {
    if (position + 4 > payload.length) throw new RangeError('xerial chunk length runs past the end');
    const length = payload.readInt32BE(position);
    position += 4;
    if (length < 0 || position + length > payload.length) throw new RangeError('xerial chunk runs past the end');
    blocks.push(payload.subarray(position, position + length));
    position += length;
  }
  return blocks;
}

/** Raw snappy or xerial-framed snappy; RangeError when the output would exceed maxBytes or is malformed. */
export function decompressSnappy(payload: Buffer, maxBytes: number): Buffer {
  const blocks = snappyBlocks(payload);
  let total = 0;
  for (const block of blocks) {
    total += snappyDeclaredLength(block);
    if (total > maxBytes) throw new RangeError(`snappy payload decompresses to more than ${maxBytes} bytes`);
  }
  const parts = blocks.map((block) => {
    try {
      return snappyUncompressSync(block, { asBuffer: true }) as Buffer;
    } catch (error) {
      throw new RangeError(`bad snappy block: ${(error as Error).message}`);
    }
  });
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** Xerial-framed snappy (see the header comment for why not raw). */
export function compressSnappyXerial(plain: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_BYTES);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(XERIAL_VERSION, 8);
  header.writeInt32BE(XERIAL_COMPATIBLE_VERSION, 12);
  const parts: Buffer[] = [header];
  for (let start = 0; start < plain.length; start += XERIAL_CHUNK_BYTES) {
    const block = snappyCompressSync(plain.subarray(start, start + XERIAL_CHUNK_BYTES));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length, 0);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

const LZ4_BLOCK_MAX_BYTES: Record<number, number> = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 };

/** An upper bound of what an LZ4 frame decompresses to, from its frame and block headers (frames may follow each other). */
function lz4FrameOutputBound(payload: Buffer): number {
  let bound = 0;
  let position = 0;
  // Each frame consumes at least its 7-byte header, each block its 4-byte size.
  while (position < payload.length) {
    if (position + 7 > payload.length) throw new RangeError('lz4 frame header runs past the end');
    const magic = payload.readUInt32LE(position);
    if ((magic & LZ4_SKIPPABLE_MASK) >>> 0 === LZ4_SKIPPABLE_MAGIC) {
      position += 8 + payload.readUInt32LE(position + 4);
      continue;
    }
    if (magic !== LZ4_FRAME_MAGIC) throw new RangeError('not an lz4 frame');
    const flags = payload[position + 4];
    const blockMaxBytes = LZ4_BLOCK_MAX_BYTES[(payload[position + 5] >> 4) & 0x07];
    if (blockMaxBytes === undefined) throw new RangeError('bad lz4 block size');
    const blockChecksum = (flags & 0x10) !== 0;
    position += 7 + ((flags & 0x08) !== 0 ? 8 : 0) + ((flags & 0x01) !== 0 ? 4 : 0);
    for (;;) {
      if (position + 4 > payload.length) throw new RangeError('lz4 block size runs past the end');
      const blockSize = (payload.readUInt32LE(position) & ~LZ4_UNCOMPRESSED_BIT) >>> 0;
      position += 4;
      if (blockSize === 0) break;
      bound += blockMaxBytes;
      position += blockSize + (blockChecksum ? 4 : 0);
    }
    if ((flags & 0x04) !== 0) position += 4;
  }
  return bound;
}

/** An LZ4 frame (or several); RangeError when the output could exceed maxBytes or is malformed. */
export function decompressLz4Frame(payload: Buffer, maxBytes: number): Buffer {
  if (lz4FrameOutputBound(payload) > maxBytes) throw new RangeError(`lz4 payload may decompress to more than ${maxBytes} bytes`);
  try {
    return decompressFrameSync(payload);
  } catch (error) {
    throw new RangeError(`bad lz4 frame: ${(error as Error).message}`);
  }
}

export function compressLz4Frame(plain: Buffer): Buffer {
  return compressFrameSync(plain);
}
