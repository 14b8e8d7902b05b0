// A FileSystem that bounds how many files are open at once, whatever the number of partitions (RocksDB's
// max_open_files, Kafka has none): open() gives a handle that keeps its OS file only while it is among the
// `maxOpenFiles` most recently used; beyond that the least recently used one is closed, and its next use
// opens the file again. A busy partition's active segment therefore stays open and costs no extra system
// call per write; only cold files pay an open on their next use.
//
// Invariants: at most `maxOpenFiles` OS files are held, except while every held one is in use (each
// operation pins its file until it returns) and, briefly, one more per open running concurrently; a handle never reopens a file that was unlinked or replaced
// under its name (it follows renames made through this FileSystem instead); bytes written through a
// handle and not yet fsynced are fsynced before its file is closed for room, and a failure of that fsync
// is reported by the handle's next sync(), so an acknowledged flush never hides a lost write.

import path from 'node:path';
import type { FileHandle, FileSystem } from './file-system.ts';

const TOO_MANY_OPEN_FILES = new Set(['EMFILE', 'ENFILE']);

export class FileHandleCache implements FileSystem {
  readonly maxOpenFiles: number;
  private readonly inner: FileSystem;
  /** Handles holding an OS file, least recently used first (Map keeps insertion order). */
  private readonly held = new Map<CachedFileHandle, true>();
  /** Every handle not closed, by path, so renames and unlinks reach them. */
  private readonly byPath = new Map<string, Set<CachedFileHandle>>();
  private closing = 0;

  constructor(inner: FileSystem, maxOpenFiles: number) {
    if (!Number.isInteger(maxOpenFiles) || maxOpenFiles < 1)
      throw new Error(`maxOpenFiles must be a positive integer, got ${maxOpenFiles}`);
    this.inner = inner;
    this.maxOpenFiles = maxOpenFiles;
  }

  /** OS files held right now (including ones being closed). */
  get openFileCount(): number {
    return this.held.size + this.closing;
  }

  async open(filePath: string, options: { create?: boolean } = {}): Promise<FileHandle> {
    const handle = new CachedFileHandle(this, path.resolve(filePath));
    await handle.openFirst(options.create ?? true);
    this.track(handle);
    return handle;
  }

  readFile(filePath: string): Promise<Buffer | null> {
    return this.inner.readFile(filePath);
  }

  async rename(fromPath: string, toPath: string): Promise<void> {
    await this.inner.rename(fromPath, toPath);
    const from = path.resolve(fromPath);
    const to = path.resolve(toPath);
    for (const replaced of this.byPath.get(to) ?? []) replaced.orphan();
    const moved = this.byPath.get(from);
    this.byPath.delete(from);
    this.byPath.delete(to);
    if (moved === undefined) return;
    for (const handle of moved) handle.filePath = to;
    this.byPath.set(to, moved);
  }

  async unlink(filePath: string): Promise<void> {
    await this.inner.unlink(filePath);
    this.orphanWhere((handlePath) => handlePath === path.resolve(filePath));
  }

  readdir(dirPath: string): Promise<string[]> {
    return this.inner.readdir(dirPath);
  }

  mkdir(dirPath: string): Promise<void> {
    return this.inner.mkdir(dirPath);
  }

  async removeDir(dirPath: string): Promise<void> {
    await this.inner.removeDir(dirPath);
    const dir = path.resolve(dirPath);
    this.orphanWhere((handlePath) => handlePath.startsWith(dir + path.sep));
  }

  syncDir(dirPath: string): Promise<void> {
    return this.inner.syncDir(dirPath);
  }

  /** Opens the OS file for a handle, closing least recently used ones first to stay within the bound. */
  async openFor(handle: CachedFileHandle, create: boolean): Promise<FileHandle> {
    // Waits for the files it closes, so opens one after another never exceed the bound.
    await this.makeRoom(this.maxOpenFiles - 1);
    let file: FileHandle;
    try {
      file = await this.inner.open(handle.filePath, { create });
    } catch (error) {
      if (!TOO_MANY_OPEN_FILES.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      // Sockets or another part of the process took descriptors: give back half of ours and retry once.
      await this.makeRoom(Math.floor(this.held.size / 2));
      file = await this.inner.open(handle.filePath, { create });
    }
    this.held.set(handle, true);
    return file;
  }

  /** Marks a handle most recently used. */
  touch(handle: CachedFileHandle): void {
    this.held.delete(handle);
    this.held.set(handle, true);
  }

  forget(handle: CachedFileHandle): void {
    this.held.delete(handle);
    const same = this.byPath.get(handle.filePath);
    same?.delete(handle);
    if (same?.size === 0) this.byPath.delete(handle.filePath);
  }

  /** Closes unpinned handles, least recently used first, until at most `target` are held. */
  private makeRoom(target: number): Promise<void> {
    const closes: Promise<void>[] = [];
    for (const handle of this.held.keys()) {
      if (this.held.size <= target) break;
      if (handle.pinned) continue;
      this.held.delete(handle);
      this.closing++;
      closes.push(handle.release().finally(() => this.closing--));
    }
    return Promise.all(closes).then(() => undefined);
  }

  private track(handle: CachedFileHandle): void {
    let same = this.byPath.get(handle.filePath);
    if (same === undefined) {
      same = new Set();
      this.byPath.set(handle.filePath, same);
    }
    same.add(handle);
  }

  private orphanWhere(matches: (handlePath: string) => boolean): void {
    for (const [handlePath, handles] of this.byPath) {
      if (!matches(handlePath)) continue;
      for (const handle of handles) handle.orphan();
      this.byPath.delete(handlePath);
    }
  }
}

class CachedFileHandle implements FileHandle {
  filePath: string;
  private readonly cache: FileHandleCache;
  private file: FileHandle | null = null;
  private opening: Promise<FileHandle> | null = null;
  private uses = 0;
  private unsynced = false;
  /** An fsync failed while the file was being closed for room: the next sync() reports it. */
  private lostWrite: Error | null = null;
  /** The file was unlinked or replaced: an open descriptor still serves it, a new one must not be made. */
  private orphaned = false;
  private closed = false;

  constructor(cache: FileHandleCache, filePath: string) {
    this.cache = cache;
    this.filePath = filePath;
  }

  get pinned(): boolean {
    return this.uses > 0 || this.opening !== null;
  }

  async openFirst(create: boolean): Promise<void> {
    this.file = await this.cache.openFor(this, create);
  }

  orphan(): void {
    this.orphaned = true;
  }

  write(data: Buffer, position: number): Promise<void> {
    this.unsynced = true;
    return this.use((file) => file.write(data, position));
  }

  read(target: Buffer, position: number): Promise<number> {
    return this.use((file) => file.read(target, position));
  }

  async sync(): Promise<void> {
    const lost = this.lostWrite;
    if (lost !== null) {
      this.lostWrite = null;
      throw lost;
    }
    // Nothing written since the last fsync (or it happened when the file was closed for room).
    if (this.file === null && !this.unsynced) return;
    this.unsynced = false;
    try {
      await this.use((file) => file.sync());
    } catch (error) {
      this.unsynced = true;
      throw error;
    }
  }

  truncate(lengthBytes: number): Promise<void> {
    this.unsynced = true;
    return this.use((file) => file.truncate(lengthBytes));
  }

  sizeBytes(): Promise<number> {
    return this.use((file) => file.sizeBytes());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cache.forget(this);
    const file = this.file;
    this.file = null;
    await file?.close();
  }

  /** Called by the cache to give the OS file back: fsyncs unsynced writes first, keeping a failure for sync(). */
  async release(): Promise<void> {
    const file = this.file;
    this.file = null;
    if (file === null) return;
    try {
      if (this.unsynced) {
        this.unsynced = false;
        await file.sync().catch((error: unknown) => {
          this.lostWrite = error instanceof Error ? error : new Error(String(error));
        });
      }
    } finally {
      await file.close().catch(() => undefined);
    }
  }

  private async use<T>(operation: (file: FileHandle) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`${this.filePath}: file handle is closed`);
    this.uses++;
    try {
      let file = this.file;
      if (file !== null) this.cache.touch(this);
      else file = await this.reopen();
      return await operation(file);
    } finally {
      this.uses--;
    }
  }

  private reopen(): Promise<FileHandle> {
    if (this.orphaned) {
      return Promise.reject(Object.assign(new Error(`ENOENT: ${this.filePath} was removed while closed for room`), { code: 'ENOENT' }));
    }
    this.opening ??= this.cache.openFor(this, false).then(
      (file) => {
        this.opening = null;
        if (this.closed) {
          this.cache.forget(this);
          void file.close();
          throw new Error(`${this.filePath}: file handle is closed`);
        }
        this.file = file;
        return file;
      },
      (error: unknown) => {
        this.opening = null;
        throw error;
      },
    );
    return this.opening;
  }
}
