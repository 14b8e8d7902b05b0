import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileHandleCache } from './file-handle-cache.ts';
import { nodeFileSystem } from './file-system.ts';
import { FaultInjectingFileSystem, InjectedFault } from './test-support/fault-injecting-file-system.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'samsa-handle-cache-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** Descriptors this process has open on files under `dir`. */
async function descriptorsUnder(under: string): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target.startsWith(under)) count++;
  }
  return count;
}

describe('FileHandleCache', () => {
  it('keeps at most maxOpenFiles files open while many handles read and write, reopening cold ones on use', async () => {
    const cache = new FileHandleCache(nodeFileSystem, 8);
    const handles = [];
    for (let i = 0; i < 100; i++) {
      const handle = await cache.open(path.join(dir, `f${i}`));
      await handle.write(Buffer.from(`file ${i}`), 0);
      handles.push(handle);
      expect(cache.openFileCount).toBeLessThanOrEqual(8);
    }
    expect(await descriptorsUnder(dir)).toBeLessThanOrEqual(8);
    // Every handle still works, in an order that forces reopening.
    for (let i = 99; i >= 0; i -= 7) {
      const target = Buffer.alloc(16);
      const bytesRead = await handles[i].read(target, 0);
      expect(target.subarray(0, bytesRead).toString()).toBe(`file ${i}`);
      expect(await handles[i].sizeBytes()).toBe(`file ${i}`.length);
    }
    expect(await descriptorsUnder(dir)).toBeLessThanOrEqual(8);
    for (const handle of handles) await handle.close();
    expect(await descriptorsUnder(dir)).toBe(0);
    expect(cache.openFileCount).toBe(0);
  });

  it('keeps the most recently used file open, so a hot file is not reopened', async () => {
    const inner = new FaultInjectingFileSystem();
    await inner.mkdir(dir);
    let opens = 0;
    const counting = Object.create(inner) as FaultInjectingFileSystem;
    counting.open = (filePath, options) => {
      opens++;
      return inner.open(filePath, options);
    };
    const cache = new FileHandleCache(counting, 4);
    const hot = await cache.open(path.join(dir, 'hot'));
    for (let i = 0; i < 50; i++) {
      await hot.write(Buffer.from([i]), i);
      const cold = await cache.open(path.join(dir, `cold${i}`));
      await cold.close();
    }
    expect(opens).toBe(51);
  });

  it('follows a rename made through it, and never reopens an unlinked file under its old name', async () => {
    const cache = new FileHandleCache(nodeFileSystem, 1);
    const moved = await cache.open(path.join(dir, 'a.log'));
    await moved.write(Buffer.from('kept'), 0);
    await cache.rename(path.join(dir, 'a.log'), path.join(dir, 'a.log.deleted'));
    const gone = await cache.open(path.join(dir, 'b.log'));
    await gone.write(Buffer.from('gone'), 0);
    await cache.unlink(path.join(dir, 'b.log'));
    // Opening a third file closes the others; their next use must reopen.
    await cache.open(path.join(dir, 'c.log'));
    const target = Buffer.alloc(4);
    await moved.read(target, 0);
    expect(target.toString()).toBe('kept');
    await expect(gone.read(Buffer.alloc(4), 0)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(dir)).sort()).toEqual(['a.log.deleted', 'c.log']);
  });

  it('fsyncs unsynced writes before closing a file for room, and reports a failed fsync at the next sync()', async () => {
    const inner = new FaultInjectingFileSystem();
    await inner.mkdir(dir);
    const cache = new FileHandleCache(inner, 1);
    const first = await cache.open(path.join(dir, 'first'));
    await first.write(Buffer.from('acknowledged'), 0);
    const syncsBefore = inner.syncCount;
    inner.failNextSync();
    await cache.open(path.join(dir, 'second'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(inner.syncCount).toBe(syncsBefore + 1);
    await expect(first.sync()).rejects.toBeInstanceOf(InjectedFault);
  });

  it('gives descriptors back and retries when the process runs out of them', async () => {
    const inner = new FaultInjectingFileSystem();
    await inner.mkdir(dir);
    let refuseNext = false;
    const limited = Object.create(inner) as FaultInjectingFileSystem;
    limited.open = async (filePath, options) => {
      if (refuseNext) {
        refuseNext = false;
        throw Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
      }
      return inner.open(filePath, options);
    };
    const cache = new FileHandleCache(limited, 10);
    for (let i = 0; i < 6; i++) await cache.open(path.join(dir, `f${i}`));
    refuseNext = true;
    const opened = await cache.open(path.join(dir, 'after-emfile'));
    await opened.write(Buffer.from('x'), 0);
    expect(cache.openFileCount).toBeLessThanOrEqual(4);
  });
});
