// Small state files (log start offset, recovery point, producer snapshots) written crash-safely:
// write a temp file, fsync it, rename over the old one, fsync the directory. A 4-byte CRC-32C prefix
// lets a reader reject a file that a crash or a bad disk left half-written.

import path from 'node:path';
import { crc32c } from '../protocol/crc32c.ts';
import type { FileSystem } from './file-system.ts';

const TEMP_SUFFIX = '.tmp';

export async function writeChecksummedFile(fs: FileSystem, filePath: string, body: Buffer): Promise<void> {
  const data = Buffer.alloc(4 + body.length);
  data.writeUInt32BE(crc32c(body), 0);
  body.copy(data, 4);
  const tempPath = filePath + TEMP_SUFFIX;
  const handle = await fs.open(tempPath);
  try {
    await handle.truncate(0);
    await handle.write(data, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tempPath, filePath);
  await fs.syncDir(path.dirname(filePath));
}

/** The body, or null if the file is missing or fails its checksum. */
export async function readChecksummedFile(fs: FileSystem, filePath: string): Promise<Buffer | null> {
  const data = await fs.readFile(filePath);
  if (data === null || data.length < 4) return null;
  const body = data.subarray(4);
  return crc32c(body) === data.readUInt32BE(0) ? body : null;
}

export function isTempFile(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX);
}
