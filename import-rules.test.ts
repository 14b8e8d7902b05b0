// Keeps the architecture's import rules true (README "Architecture"), one row per rule: which files it covers
// and which imports they may make. An import is any `import ... from`, `export ... from` or `import('...')`.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = import.meta.dirname;
/** Bound on the files one rule walks. */
const MAX_FILES = 5_000;

interface Import {
  /** As written. */
  specifier: string;
  /** Repository-relative path with forward slashes for relative and `@/` imports; null for packages and node:*. */
  target: string | null;
  typeOnly: boolean;
}

interface ImportRule {
  /** The rule as the README states it; a failure lists the offending imports under it. */
  rule: string;
  /** Folder whose .ts/.tsx files the rule covers. */
  folder: string;
  /** Files of the folder the rule does not cover. */
  exempt?: (file: string) => boolean;
  allows: (imported: Import, file: string) => boolean;
}

// node:zlib has no snappy or lz4 codec, and Kafka clients produce both: the broker may use exactly these
// two block-codec packages (prebuilt napi binaries) to decode and re-encode such batches.
const BROKER_NPM_PACKAGES = new Set(['snappy', 'lz4-napi']);

const isTest = (file: string) => file.endsWith('.test.ts');
const within = (target: string | null, folder: string) => target !== null && (target === folder || target.startsWith(`${folder}/`));

const IMPORT_RULES: ImportRule[] = [
  {
    rule: 'broker/ imports only broker/**, node:* and the snappy/lz4 codec packages (and vitest in tests)',
    folder: 'broker',
    allows: ({ specifier, target }, file) =>
      target !== null
        ? within(target, 'broker')
        : specifier.startsWith('node:') || BROKER_NPM_PACKAGES.has(specifier) || (isTest(file) && specifier === 'vitest'),
  },
  {
    rule: 'server/ never imports broker/',
    folder: 'server',
    allows: ({ target }) => !within(target, 'broker'),
  },
  {
    rule: 'app/ reaches server/ only for types (the AppRouter), outside the API route glue in app/api/',
    folder: 'app',
    exempt: (file) => file.startsWith('app/api/'),
    allows: ({ target, typeOnly }) => !within(target, 'server') || typeOnly,
  },
  {
    rule: 'app/ never imports broker/',
    folder: 'app',
    allows: ({ target }) => !within(target, 'broker'),
  },
  {
    rule: 'app/ pages import only app/, the pure domain/ rules, packages and server types',
    folder: 'app',
    exempt: (file) => file.startsWith('app/api/'),
    allows: ({ target, typeOnly }) => target === null || typeOnly || within(target, 'app') || within(target, 'domain'),
  },
  {
    rule: 'domain/ is pure: it imports only zod and domain/ (and node:*, vitest in tests)',
    folder: 'domain',
    allows: ({ specifier, target }, file) =>
      target !== null
        ? within(target, 'domain')
        : specifier === 'zod' || (isTest(file) && (specifier === 'vitest' || specifier.startsWith('node:'))),
  },
];

/** Repository-relative paths (forward slashes) of the .ts/.tsx files under `folder`. */
function sourceFiles(folder: string, found: string[] = []): string[] {
  for (const entry of readdirSync(path.join(REPO_ROOT, folder), { withFileTypes: true })) {
    if (found.length >= MAX_FILES) throw new Error(`more than ${MAX_FILES} files under ${folder}`);
    const file = `${folder}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') sourceFiles(file, found);
    } else if (/\.tsx?$/.test(entry.name)) {
      found.push(file);
    }
  }
  return found;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const pattern = /^\s*(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  return [...text.matchAll(pattern)].map((match) => {
    const specifier = match[2] ?? match[3];
    return { specifier, target: resolveTarget(file, specifier), typeOnly: match[1] !== undefined };
  });
}

function resolveTarget(file: string, specifier: string): string | null {
  if (specifier.startsWith('@/')) return specifier.slice(2);
  if (!specifier.startsWith('.')) return null;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

describe('import rules', () => {
  for (const { rule, folder, exempt, allows } of IMPORT_RULES) {
    it(rule, () => {
      const files = sourceFiles(folder).filter((file) => !exempt?.(file));
      expect(files.length).toBeGreaterThan(0);
      const violations = files.flatMap((file) =>
        importsOf(file)
          .filter((imported) => !allows(imported, file))
          .map((imported) => `${file} imports ${imported.specifier}`),
      );
      expect(violations).toEqual([]);
    });
  }

  it('resolves relative and @/ imports to repository paths and tells type-only imports apart', () => {
    expect(resolveTarget('app/(console)/page.tsx', '../../server/api/root.ts')).toBe('server/api/root.ts');
    expect(resolveTarget('app/page.tsx', '@/server/api/root.ts')).toBe('server/api/root.ts');
    expect(resolveTarget('broker/index.ts', 'node:fs')).toBeNull();
    const server = IMPORT_RULES.find((row) => row.folder === 'app' && row.rule.includes('server/'))!;
    expect(server.allows({ specifier: '@/server/api/root.ts', target: 'server/api/root.ts', typeOnly: true }, 'app/page.tsx')).toBe(true);
    expect(server.allows({ specifier: '@/server/api/root.ts', target: 'server/api/root.ts', typeOnly: false }, 'app/page.tsx')).toBe(false);
    expect(IMPORT_RULES[0].allows({ specifier: 'kafkajs', target: null, typeOnly: false }, 'broker/index.ts')).toBe(false);
  });
});
