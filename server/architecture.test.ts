// Keeps STYLE.md's import rules true: app/ reaches server code only through the API route glue (app/api/**)
// and the AppRouter *type*; server/ never imports broker internals.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');
const maxFiles = 5_000;

async function sourceFiles(directory: string, found: string[] = []): Promise<string[]> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (found.length >= maxFiles) break;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) await sourceFiles(full, found);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

function importsOf(source: string): { specifier: string; typeOnly: boolean }[] {
  const pattern = /^import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => ({ specifier: match[2], typeOnly: Boolean(match[1]) }));
}

describe('import rules', () => {
  it('lets app/ pages import server code only as types', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(path.join(repoRoot, 'app'))) {
      if (file.includes(`${path.sep}app${path.sep}api${path.sep}`)) continue;
      for (const { specifier, typeOnly } of importsOf(await readFile(file, 'utf8'))) {
        if (/(^@\/server|\/server\/)/.test(specifier) && !typeOnly) offenders.push(`${path.relative(repoRoot, file)} -> ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps server/ away from broker internals', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(path.join(repoRoot, 'server'))) {
      for (const { specifier } of importsOf(await readFile(file, 'utf8'))) {
        if (/(^|\/)broker\//.test(specifier)) offenders.push(`${path.relative(repoRoot, file)} -> ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
