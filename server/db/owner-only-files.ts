// PGlite (Postgres in WebAssembly) chmods every file it writes to 0666, whatever the process umask. Its
// directory is therefore made 0700 before PGlite opens it (nobody else can reach anything inside, files
// created later included), and every directory and file in it is set to 0700 / 0600 after opening and on
// close, so a copy or a looser parent directory does not expose the audit log either.
import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Bounds the walk; a PGlite cluster has about a thousand files. */
const maxEntries = 100_000;

export async function makeOwnerOnlyDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
}

/** Sets the directory tree to owner-only modes; returns how many entries it changed. */
export async function restrictTreeToOwner(directory: string): Promise<number> {
  let visited = 0;
  const walk = async (current: string): Promise<void> => {
    await chmod(current, 0o700);
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (++visited > maxEntries) return;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) await chmod(full, 0o600);
    }
  };
  await walk(directory);
  return visited;
}
