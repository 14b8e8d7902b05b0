// Walks the batches of a .log file from a position, reading 64 KiB chunks and parsing headers only
// (plus the CRC when recovering). Stops at the first batch that is not a well-formed v2 batch lying
// wholly before `endPosition`: after a crash that is where the torn or corrupt tail starts.

import { crc32c } from '../protocol/crc32c.ts';
import {
  BATCH_HEADER_BYTES,
  BATCH_OFFSET_OF_ATTRIBUTES,
  CURRENT_MAGIC,
  LOG_OVERHEAD_BYTES,
  MIN_BATCH_LENGTH,
  readBatchHeader,
  type LocatedBatch,
} from '../protocol/record-batch.ts';
import type { FileHandle } from './file-system.ts';

const CHUNK_BYTES = 64 * 1024;

export interface ScanOptions {
  startPosition: number;
  endPosition: number;
  verifyCrc: boolean;
  /** Offsets must not go below this (they strictly increase through a log). */
  minBaseOffset: bigint;
  /** Return false to stop the scan (e.g. once the wanted batch is found). */
  visit: (batch: LocatedBatch) => boolean;
}

export interface ScanResult {
  /** Position just after the last batch that passed the checks. */
  validEndPosition: number;
  /** True when the visitor stopped the scan; false when it reached endPosition or a bad batch. */
  stopped: boolean;
}

export async function scanBatches(file: FileHandle, options: ScanOptions): Promise<ScanResult> {
  let chunk = Buffer.alloc(CHUNK_BYTES);
  let chunkStart = 0;
  let chunkLength = 0;
  let position = options.startPosition;
  let minBaseOffset = options.minBaseOffset;
  // Each iteration advances `position` by at least one batch (>= 61 bytes) or returns.
  while (position + BATCH_HEADER_BYTES <= options.endPosition) {
    if (position < chunkStart || position + BATCH_HEADER_BYTES > chunkStart + chunkLength) {
      chunkStart = position;
      chunkLength = await file.read(chunk, position);
      if (chunkLength < BATCH_HEADER_BYTES) break;
    }
    const header = readBatchHeader(chunk, position - chunkStart);
    const sizeBytes = header.batchLength + LOG_OVERHEAD_BYTES;
    const wellFormed =
      header.magic === CURRENT_MAGIC &&
      header.batchLength >= MIN_BATCH_LENGTH &&
      position + sizeBytes <= options.endPosition &&
      header.lastOffsetDelta >= 0 &&
      header.baseOffset >= minBaseOffset;
    if (!wellFormed) break;
    if (options.verifyCrc) {
      if (position + sizeBytes > chunkStart + chunkLength) {
        if (sizeBytes > chunk.length) chunk = Buffer.alloc(sizeBytes);
        chunkStart = position;
        chunkLength = await file.read(chunk, position);
        if (chunkLength < sizeBytes) break;
      }
      const at = position - chunkStart;
      if (crc32c(chunk, 0, at + BATCH_OFFSET_OF_ATTRIBUTES, at + sizeBytes) !== header.crc) break;
    }
    const batch: LocatedBatch = { ...header, position, sizeBytes };
    position += sizeBytes;
    minBaseOffset = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n;
    if (!options.visit(batch)) return { validEndPosition: position, stopped: true };
  }
  return { validEndPosition: position, stopped: false };
}
