// Keeps the architecture's import rules true (README "Architecture"):
// broker/ imports only broker/**, node:* and the snappy/lz4 codec packages; app/ reaches the back end only through tRPC (AppRouter type).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const absolute = path.join(root, dir);
  let entries: string[];
  try {
    entries = readdirSync(absolute);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(absolute, entry);
    if (statSync(full).isDirectory()) return entry === 'node_modules' ? [] : sourceFiles(path.join(dir, entry));
    return /\.(ts|tsx)$/.test(entry) ? [path.join(dir, entry)] : [];
  });
}

function importsOf(file: string): Array<{ specifier: string; typeOnly: boolean }> {
  const text = readFileSync(path.join(root, file), 'utf8');
  const pattern = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  return [...text.matchAll(pattern)].map((match) => ({ specifier: match[3] ?? match[4], typeOnly: match[2] !== undefined }));
}

function resolvesInto(file: string, specifier: string): string | null {
  if (specifier.startsWith('@/')) return specifier.slice(2);
  if (!specifier.startsWith('.')) return null;
  return path.relative(root, path.resolve(path.join(root, path.dirname(file)), specifier));
}

// node:zlib has no snappy or lz4 codec, and Kafka clients produce both: the broker may use exactly these
// two block-codec packages (prebuilt napi binaries) to decode and re-encode such batches.
const BROKER_NPM_PACKAGES = new Set(['snappy', 'lz4-napi']);

describe('import rules', () => {
  it('broker/ imports nothing but broker/**, node:* and the snappy/lz4 codec packages (and vitest in tests)', () => {
    const violations: string[] = [];
    for (const file of sourceFiles('broker')) {
      for (const { specifier } of importsOf(file)) {
        const target = resolvesInto(file, specifier);
        const allowed = target !== null
          ? target.startsWith('broker' + path.sep) || target === 'broker'
          : specifier.startsWith('node:') || BROKER_NPM_PACKAGES.has(specifier) || (file.endsWith('.test.ts') && specifier === 'vitest');
        if (!allowed) violations.push(`${file} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('app/ reaches server/ only for the AppRouter type', () => {
    const violations: string[] = [];
    for (const file of sourceFiles('app')) {
      for (const { specifier, typeOnly } of importsOf(file)) {
        const target = resolvesInto(file, specifier);
        if (target === null) continue;
        if (target.startsWith('broker')) violations.push(`${file} imports ${specifier}`);
        if (target.startsWith('server') && !typeOnly && !file.includes(`api${path.sep}`)) violations.push(`${file} imports ${specifier} (values)`);
      }
    }
    expect(violations).toEqual([]);
  });
});
