// Crash-safe replacement of a group of segments by one cleaned segment, as Kafka's cleaner does
// (.cleaned -> .swap -> live, the old files renamed .deleted), plus the recovery of an interrupted swap
// when a partition opens. A small manifest names the segments a swap replaces, because after compaction
// the cleaned segment's offsets no longer tell which old segments it covers.
//
// Steps: 1 the cleaned .log is written and fsynced as <base>.log.cleaned; 2 the manifest is written;
// 3 .cleaned -> .swap; 4 old segment files -> .deleted; 5 .swap -> .log; 6 the manifest is removed.
// At open: .cleaned and .deleted files are removed; a .swap with its manifest completes steps 4-6
// (the old files are removed); a manifest without a .swap is simply removed (crash before 3 or after 5).

import path from 'node:path';
import { readChecksummedFile, writeChecksummedFile } from './checksummed-file.ts';
import type { FileSystem } from './file-system.ts';
import { DELETED_FILE_SUFFIX, LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, segmentFileName, TIME_INDEX_FILE_SUFFIX } from './log-segment.ts';

export const CLEANED_FILE_SUFFIX = '.cleaned';
export const SWAP_FILE_SUFFIX = '.swap';
const SWAP_MANIFEST_FILE = 'cleaner-swap.manifest';
const SEGMENT_FILE_SUFFIXES = [LOG_FILE_SUFFIX, OFFSET_INDEX_FILE_SUFFIX, TIME_INDEX_FILE_SUFFIX];

interface SwapManifest {
  newBaseOffset: bigint;
  oldBaseOffsets: bigint[];
}

export function cleanedLogPath(dir: string, baseOffset: bigint): string {
  return path.join(dir, segmentFileName(baseOffset, LOG_FILE_SUFFIX) + CLEANED_FILE_SUFFIX);
}

async function writeManifest(fs: FileSystem, dir: string, manifest: SwapManifest): Promise<void> {
  const body = JSON.stringify({ newBaseOffset: manifest.newBaseOffset.toString(), oldBaseOffsets: manifest.oldBaseOffsets.map(String) });
  await writeChecksummedFile(fs, path.join(dir, SWAP_MANIFEST_FILE), Buffer.from(body));
}

async function readManifest(fs: FileSystem, dir: string): Promise<SwapManifest | null> {
  const body = await readChecksummedFile(fs, path.join(dir, SWAP_MANIFEST_FILE));
  if (body === null) return null;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { newBaseOffset: string; oldBaseOffsets: string[] };
    return { newBaseOffset: BigInt(parsed.newBaseOffset), oldBaseOffsets: parsed.oldBaseOffsets.map((offset) => BigInt(offset)) };
  } catch {
    return null;
  }
}

/**
 * Steps 2-6 for a cleaned log already written and fsynced at cleanedLogPath(dir, newBaseOffset).
 * `renameOldSegments` renames the replaced segments' files to .deleted (their handles stay open).
 * Afterwards <newBaseOffset>.log is the cleaned data and has no index files yet.
 */
export async function swapInCleanedLog(
  fs: FileSystem,
  dir: string,
  newBaseOffset: bigint,
  oldBaseOffsets: bigint[],
  renameOldSegments: () => Promise<void>,
): Promise<void> {
  const logName = segmentFileName(newBaseOffset, LOG_FILE_SUFFIX);
  await writeManifest(fs, dir, { newBaseOffset, oldBaseOffsets });
  await fs.rename(cleanedLogPath(dir, newBaseOffset), path.join(dir, logName + SWAP_FILE_SUFFIX));
  await fs.syncDir(dir);
  await renameOldSegments();
  await fs.syncDir(dir);
  await fs.rename(path.join(dir, logName + SWAP_FILE_SUFFIX), path.join(dir, logName));
  await fs.syncDir(dir);
  await fs.unlink(path.join(dir, SWAP_MANIFEST_FILE));
}

/** Run before the segments are loaded: finishes or discards an interrupted swap and removes leftovers. */
export async function recoverSegmentFiles(fs: FileSystem, dir: string): Promise<void> {
  const names = await fs.readdir(dir);
  for (const name of names) {
    if (name.endsWith(CLEANED_FILE_SUFFIX) || name.endsWith(DELETED_FILE_SUFFIX)) await fs.unlink(path.join(dir, name));
  }
  const manifest = await readManifest(fs, dir);
  const swaps = names.filter((name) => name.endsWith(SWAP_FILE_SUFFIX));
  for (const swap of swaps) {
    const logName = swap.slice(0, -SWAP_FILE_SUFFIX.length);
    if (manifest === null || logName !== segmentFileName(manifest.newBaseOffset, LOG_FILE_SUFFIX)) {
      await fs.unlink(path.join(dir, swap));
      continue;
    }
    for (const base of manifest.oldBaseOffsets) {
      for (const suffix of SEGMENT_FILE_SUFFIXES) await fs.unlink(path.join(dir, segmentFileName(base, suffix)));
    }
    await fs.rename(path.join(dir, swap), path.join(dir, logName));
  }
  if (manifest !== null) await fs.unlink(path.join(dir, SWAP_MANIFEST_FILE));
  await fs.syncDir(dir);
}
