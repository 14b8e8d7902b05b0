import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActions } from './audit-actions.ts';

const serverRoot = path.resolve(import.meta.dirname, '..', 'server');
const maxFiles = 5_000;

async function serverSources(directory: string, found: string[] = []): Promise<string[]> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (found.length >= maxFiles) break;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) await serverSources(full, found);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

describe('audit actions', () => {
  it('names every action entity.verb', () => {
    for (const action of auditActions) expect(action).toMatch(/^[a-z]+\.[a-z][A-Za-z]+$/);
  });

  it('lists only actions the server emits', async () => {
    const sources = await Promise.all((await serverSources(serverRoot)).map((file) => readFile(file, 'utf8')));
    // Emitted: named as a string literal somewhere in server/ (a verb's `action: 'x.y'` for recordChange, an
    // action handed to a helper, a job's constant). Every `action: 'x.y'` must in turn be on the list.
    const listed = auditActions.filter((action) => !sources.some((source) => source.includes(`'${action}'`)));
    expect(listed).toEqual([]);
    const named = new Set(sources.flatMap((source) => [...source.matchAll(/action: '([a-z]+\.[A-Za-z]+)'/g)].map((match) => match[1])));
    expect([...named].filter((action) => !(auditActions as readonly string[]).includes(action)).sort()).toEqual([]);
  });
});
