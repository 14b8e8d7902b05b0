// The storage seam of the log: the few file operations it needs, so crash tests can swap in a fake
// (test-support/fault-injecting-file-system.ts) that fails writes and fsyncs or drops unsynced bytes.

import { constants, promises as fsp, writeSync } from 'node:fs';
import path from 'node:path';

export interface FileHandle {
  /** Writes all of `data` at `position` (a short write is retried until done or it throws). */
  write(data: Buffer, position: number): Promise<void>;
  /** Reads up to `target.length` bytes at `position`; returns how many were read (fewer at end of file). */
  read(target: Buffer, position: number): Promise<number>;
  /** fsync: the bytes written so far survive a power loss. */
  sync(): Promise<void>;
  truncate(lengthBytes: number): Promise<void>;
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}

export interface FileSystem {
  /** Opens for reading and writing, creating an empty file if missing (unless `create` is false: then ENOENT). */
  open(filePath: string, options?: { create?: boolean }): Promise<FileHandle>;
  /** Whole file, or null if it does not exist. */
  readFile(filePath: string): Promise<Buffer | null>;
  rename(fromPath: string, toPath: string): Promise<void>;
  /** Removes a file; a missing file is not an error. */
  unlink(filePath: string): Promise<void>;
  /** Names in a directory (not paths). */
  readdir(dirPath: string): Promise<string[]>;
  mkdir(dirPath: string): Promise<void>;
  /** Removes a directory and everything in it; missing is not an error. */
  removeDir(dirPath: string): Promise<void>;
  /** fsync of a directory: makes creates, renames and unlinks in it durable. */
  syncDir(dirPath: string): Promise<void>;
}

/** Writes up to this size stay on the event loop (see NodeFileHandle.write). */
const SYNC_WRITE_MAX_BYTES = 64 * 1024;

class NodeFileHandle implements FileHandle {
  private readonly handle: fsp.FileHandle;
  constructor(handle: fsp.FileHandle) {
    this.handle = handle;
  }
  /**
   * Small writes are synchronous: one lands in the OS page cache in microseconds, less than a round trip
   * through libuv's thread pool. Large ones (a producer's 1 MiB batch) take milliseconds of copying, so they
   * go to the thread pool and the event loop reads and checks the next requests meanwhile. Either way the
   * bytes are in the OS before this resolves ("written before acknowledging"); durability on power loss is
   * fsync's job (sync()).
   */
  async write(data: Buffer, position: number): Promise<void> {
    let written = 0;
    // Each iteration writes at least one byte or throws, so this ends.
    while (written < data.length) {
      const length = data.length - written;
      const bytesWritten =
        length > SYNC_WRITE_MAX_BYTES
          ? (await this.handle.write(data, written, length, position + written)).bytesWritten
          : writeSync(this.handle.fd, data, written, length, position + written);
      if (bytesWritten <= 0) throw new Error('write made no progress');
      written += bytesWritten;
    }
  }
  async read(target: Buffer, position: number): Promise<number> {
    let total = 0;
    while (total < target.length) {
      const { bytesRead } = await this.handle.read(target, total, target.length - total, position + total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return total;
  }
  sync(): Promise<void> {
    return this.handle.sync();
  }
  truncate(lengthBytes: number): Promise<void> {
    return this.handle.truncate(lengthBytes);
  }
  async sizeBytes(): Promise<number> {
    return (await this.handle.stat()).size;
  }
  close(): Promise<void> {
    return this.handle.close();
  }
}

export const nodeFileSystem: FileSystem = {
  async open(filePath, options) {
    const flags = options?.create === false ? constants.O_RDWR : constants.O_RDWR | constants.O_CREAT;
    return new NodeFileHandle(await fsp.open(filePath, flags, 0o644));
  },
  async readFile(filePath) {
    try {
      return await fsp.readFile(filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  },
  rename: (fromPath, toPath) => fsp.rename(fromPath, toPath),
  async unlink(filePath) {
    await fsp.rm(filePath, { force: true });
  },
  readdir: (dirPath) => fsp.readdir(dirPath),
  async mkdir(dirPath) {
    await fsp.mkdir(dirPath, { recursive: true });
  },
  removeDir: (dirPath) => fsp.rm(dirPath, { recursive: true, force: true }),
  async syncDir(dirPath) {
    const handle = await fsp.open(path.resolve(dirPath), constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};
