// An in-memory FileSystem for crash tests: fails the next write or fsync on request, and "crashes":
// a process crash keeps every completed write (the OS has them) but can tear the last one; a power loss
// also drops every byte not fsynced. Directory operations are treated as immediately durable.

import path from 'node:path';
import type { FileHandle, FileSystem } from '../file-system.ts';

interface MemoryFile {
  data: Buffer;
  lengthBytes: number;
  durable: Buffer;
}

interface LastWrite {
  file: MemoryFile;
  position: number;
  lengthBytes: number;
}

export class InjectedFault extends Error {}

export class FaultInjectingFileSystem implements FileSystem {
  private readonly files = new Map<string, MemoryFile>();
  private readonly dirs = new Set<string>();
  private generation = 0;
  private failWrites: { partialBytes: number } | null = null;
  private failSyncs = false;
  private lastWrite: LastWrite | null = null;
  writeCount = 0;
  readCount = 0;
  syncCount = 0;

  /** The next write throws after storing its first `partialBytes` bytes (default none). */
  failNextWrite(partialBytes = 0): void {
    this.failWrites = { partialBytes };
  }

  failNextSync(): void {
    this.failSyncs = true;
  }

  /**
   * Simulates a crash: open handles die. `tearLastWriteToBytes` keeps only that many bytes of the most
   * recent write (when it ended the file). 'power' also reverts every file to its last fsynced content.
   */
  crash(mode: 'process' | 'power', options: { tearLastWriteToBytes?: number } = {}): void {
    this.generation++;
    const torn = this.lastWrite;
    if (options.tearLastWriteToBytes !== undefined && torn !== null && torn.position + torn.lengthBytes === torn.file.lengthBytes) {
      torn.file.lengthBytes = torn.position + Math.min(options.tearLastWriteToBytes, torn.lengthBytes);
    }
    if (mode === 'power') {
      for (const file of this.files.values()) {
        file.data = Buffer.from(file.durable);
        file.lengthBytes = file.durable.length;
      }
    }
    this.lastWrite = null;
  }

  /** The bytes of a file as a reader would see them now (for assertions). */
  contents(filePath: string): Buffer | null {
    const file = this.files.get(path.resolve(filePath));
    return file === undefined ? null : Buffer.from(file.data.subarray(0, file.lengthBytes));
  }

  /** Overwrites bytes of a file directly, e.g. to corrupt a stored batch. */
  corrupt(filePath: string, position: number, bytes: Buffer): void {
    const file = this.mustGet(filePath);
    bytes.copy(file.data, position);
  }

  async open(filePath: string, options: { create?: boolean } = {}): Promise<FileHandle> {
    const resolved = path.resolve(filePath);
    if (!this.dirs.has(path.dirname(resolved))) throw enoent(filePath);
    let file = this.files.get(resolved);
    if (file === undefined) {
      if (options.create === false) throw enoent(filePath);
      file = { data: Buffer.alloc(0), lengthBytes: 0, durable: Buffer.alloc(0) };
      this.files.set(resolved, file);
    }
    return this.handleFor(file);
  }

  async readFile(filePath: string): Promise<Buffer | null> {
    return this.contents(filePath);
  }

  async rename(fromPath: string, toPath: string): Promise<void> {
    const file = this.mustGet(fromPath);
    this.files.delete(path.resolve(fromPath));
    this.files.set(path.resolve(toPath), file);
  }

  async unlink(filePath: string): Promise<void> {
    this.files.delete(path.resolve(filePath));
  }

  async readdir(dirPath: string): Promise<string[]> {
    const resolved = path.resolve(dirPath);
    if (!this.dirs.has(resolved)) throw enoent(dirPath);
    const names: string[] = [];
    for (const filePath of [...this.files.keys(), ...this.dirs]) {
      if (path.dirname(filePath) === resolved && filePath !== resolved) names.push(path.basename(filePath));
    }
    return names.sort();
  }

  async mkdir(dirPath: string): Promise<void> {
    let current = path.resolve(dirPath);
    while (!this.dirs.has(current)) {
      this.dirs.add(current);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }

  async removeDir(dirPath: string): Promise<void> {
    const resolved = path.resolve(dirPath);
    const inside = (p: string) => p === resolved || p.startsWith(resolved + path.sep);
    for (const filePath of [...this.files.keys()]) if (inside(filePath)) this.files.delete(filePath);
    for (const dir of [...this.dirs]) if (inside(dir)) this.dirs.delete(dir);
  }

  async syncDir(): Promise<void> {}

  private mustGet(filePath: string): MemoryFile {
    const file = this.files.get(path.resolve(filePath));
    if (file === undefined) throw enoent(filePath);
    return file;
  }

  private handleFor(file: MemoryFile): FileHandle {
    const generation = this.generation;
    const alive = () => {
      if (generation !== this.generation) throw new InjectedFault('file handle died in a simulated crash');
    };
    return {
      write: async (data, position) => {
        alive();
        this.writeCount++;
        const fault = this.failWrites;
        this.failWrites = null;
        const stored = fault === null ? data : data.subarray(0, Math.min(fault.partialBytes, data.length));
        storeBytes(file, stored, position);
        this.lastWrite = { file, position, lengthBytes: stored.length };
        if (fault !== null) throw new InjectedFault('injected write failure');
      },
      read: async (target, position) => {
        alive();
        this.readCount++;
        if (position >= file.lengthBytes) return 0;
        return file.data.copy(target, 0, position, Math.min(file.lengthBytes, position + target.length));
      },
      sync: async () => {
        alive();
        this.syncCount++;
        if (this.failSyncs) {
          this.failSyncs = false;
          throw new InjectedFault('injected fsync failure');
        }
        file.durable = Buffer.from(file.data.subarray(0, file.lengthBytes));
      },
      truncate: async (lengthBytes) => {
        alive();
        if (lengthBytes > file.lengthBytes) storeBytes(file, Buffer.alloc(lengthBytes - file.lengthBytes), file.lengthBytes);
        file.lengthBytes = lengthBytes;
      },
      sizeBytes: async () => {
        alive();
        return file.lengthBytes;
      },
      close: async () => {},
    };
  }
}

function storeBytes(file: MemoryFile, data: Buffer, position: number): void {
  const end = position + data.length;
  if (end > file.data.length) {
    const grown = Buffer.alloc(Math.max(end, file.data.length * 2, 4096));
    file.data.copy(grown, 0, 0, file.lengthBytes);
    file.data = grown;
  }
  if (position > file.lengthBytes) file.data.fill(0, file.lengthBytes, position);
  data.copy(file.data, position);
  file.lengthBytes = Math.max(file.lengthBytes, end);
}

function enoent(filePath: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory '${filePath}'`), { code: 'ENOENT' });
}
