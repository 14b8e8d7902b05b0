import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { migrateDatabase } from './migrate-database.ts';

async function modesUnder(directory: string): Promise<{ directories: Set<number>; files: Set<number> }> {
  const directories = new Set<number>([(await stat(directory)).mode & 0o777]);
  const files = new Set<number>();
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const mode = (await stat(full)).mode & 0o777;
    if (entry.isDirectory()) directories.add(mode);
    else if (entry.isFile()) files.add(mode);
  }
  return { directories, files };
}

describe('PGlite files', () => {
  const created: string[] = [];
  afterAll(async () => {
    for (const directory of created) await rm(directory, { recursive: true, force: true });
  });

  it('keeps the data directory 0700 and its files 0600, after open and after close', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'samsa-modes-'));
    created.push(dataDir);
    const handle = await openDatabase({ databaseUrl: undefined, dataDir });
    await migrateDatabase(handle);
    const whileOpen = await modesUnder(path.join(dataDir, 'pglite'));
    expect([...whileOpen.directories]).toEqual([0o700]);
    await handle.close();
    const afterClose = await modesUnder(path.join(dataDir, 'pglite'));
    expect([...afterClose.directories]).toEqual([0o700]);
    expect([...afterClose.files]).toEqual([0o600]);
    expect(afterClose.files.size).toBe(1);
    // Creating a PGlite cluster on disk and migrating it takes seconds idle and well over the 30 s default under load.
  }, 180_000);
});
