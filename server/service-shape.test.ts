// Keeps the console's service layer in one shape (server/services/README.md): routers only call verbs, each
// verb is `verb({ ctx, input })` with its zod schema (same name as its inferred type) parsed in its own file,
// and the infrastructure below the services (kafka/, db/) imports no service.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const serverRoot = import.meta.dirname;
const routersDirectory = path.join(serverRoot, 'api', 'routers');
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

interface ImportStatement {
  names: string[];
  specifier: string;
}

function importsOf(source: string): ImportStatement[] {
  const pattern = /^import\s+(?:type\s+)?(?:\{([^}]*)\}|[\w*\s]+)\s*from\s+['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => ({
    names: (match[1] ?? '')
      .split(',')
      .map((name) => name.replace(/^\s*type\s+/, '').trim())
      .filter(Boolean),
    specifier: match[2],
  }));
}

const relative = (file: string) => path.relative(serverRoot, file);

describe('service layer shape', () => {
  it('lets routers import only the tRPC set-up and service verbs', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(routersDirectory)) {
      for (const { specifier } of importsOf(await readFile(file, 'utf8'))) {
        if (specifier !== '../trpc.ts' && !specifier.startsWith('../../services/')) offenders.push(`${relative(file)} -> ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps routers thin: ctx is only handed to verbs as verb({ ctx, input }) or verb({ ctx })', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(routersDirectory)) {
      const source = await readFile(file, 'utf8');
      // The signed-in actor is the one thing a router may read itself (session.me).
      for (const use of source.matchAll(/\bctx\.(\w+)/g)) if (use[1] !== 'actor') offenders.push(`${relative(file)}: ctx.${use[1]}`);
      for (const { names, specifier } of importsOf(source)) {
        if (!specifier.startsWith('../../services/')) continue;
        for (const verb of names.filter((name) => /^[a-z]/.test(name))) {
          for (const call of source.matchAll(new RegExp(`\\b${verb}\\(([^)]*)\\)`, 'g'))) {
            if (!/^\s*\{\s*ctx(,\s*input)?\s*\}\s*$/.test(call[1])) offenders.push(`${relative(file)}: ${call[0]}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('gives every verb a routers call one argument, { ctx, input } typed by the schema it parses (async generators too: subscriptions)', async () => {
    const offenders: string[] = [];
    const verbs = new Map<string, string>();
    for (const file of await sourceFiles(routersDirectory)) {
      for (const { names, specifier } of importsOf(await readFile(file, 'utf8'))) {
        if (!specifier.startsWith('../../services/')) continue;
        for (const name of names.filter((candidate) => /^[a-z]/.test(candidate)))
          verbs.set(name, path.resolve(path.dirname(file), specifier));
      }
    }
    expect(verbs.size).toBeGreaterThan(10);
    for (const [verb, file] of verbs) {
      const source = await readFile(file, 'utf8');
      const withInput = new RegExp(
        `export (?:async )?function(?:\\* | )${verb}\\(\\s*\\{\\s*ctx,\\s*input(?::\\s*\\w+)?,?\\s*\\}:\\s*VerbArgs<typeof (\\w+)>,?\\s*\\)`,
      ).exec(source);
      const withoutInput = new RegExp(
        `export (?:async )?function ${verb}\\(\\s*(?:\\{\\s*ctx,?\\s*\\}|_args):\\s*VerbContextArgs,?\\s*\\)`,
      ).test(source);
      if (!withInput && !withoutInput) {
        offenders.push(
          `${relative(file)}: ${verb} is not verb({ ctx, input }: VerbArgs<typeof Schema>) nor verb({ ctx }: VerbContextArgs)`,
        );
        continue;
      }
      if (!withInput) continue;
      const schema = withInput[1];
      if (!new RegExp(`export const ${schema}\\b`).test(source))
        offenders.push(`${relative(file)}: ${schema} is not defined in the verb's file`);
      if (!new RegExp(`export type ${schema} = `).test(source)) offenders.push(`${relative(file)}: no type ${schema} beside the schema`);
      if (!source.includes(`${schema}.parse(`)) offenders.push(`${relative(file)}: ${verb} does not parse its input with ${schema}`);
    }
    expect(offenders).toEqual([]);
  });

  it('keeps kafka/ and db/ free of service imports', async () => {
    const offenders: string[] = [];
    for (const folder of ['kafka', 'db']) {
      for (const file of await sourceFiles(path.join(serverRoot, folder))) {
        for (const { specifier } of importsOf(await readFile(file, 'utf8'))) {
          if (/(^|\/)services\//.test(specifier)) offenders.push(`${relative(file)} -> ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
