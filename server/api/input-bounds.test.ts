import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { boundedRecord } from '../services/bounded-record.ts';
import { findUnboundedFields, isZodSchema } from './input-bounds.ts';
import { appRouter } from './root.ts';

interface ProcedureDefinition {
  inputs: unknown[];
}

/** Every procedure of the router, by its dotted path (tRPC keeps them flattened in _def.procedures). */
function proceduresOf(router: typeof appRouter): [string, ProcedureDefinition][] {
  const procedures = (router._def as unknown as { procedures: Record<string, { _def: ProcedureDefinition }> }).procedures;
  return Object.entries(procedures).map(([path, procedure]) => [path, procedure._def]);
}

describe('every procedure input is bounded', () => {
  it('finds the procedures to check', () => {
    const paths = proceduresOf(appRouter).map(([path]) => path);
    expect(paths).toContain('topics.create');
    expect(paths).toContain('messages.tail');
    expect(paths.length).toBeGreaterThan(30);
  });

  it('bounds every string, array, record and number of every procedure input (the message names the field to bound)', () => {
    const problems: string[] = [];
    for (const [path, definition] of proceduresOf(appRouter)) {
      for (const input of definition.inputs) {
        if (!isZodSchema(input)) {
          problems.push(`${path}: its input is not a zod schema, so its bounds cannot be checked; use a zod schema`);
          continue;
        }
        for (const field of findUnboundedFields(input)) problems.push(`${path}: ${field.path} is ${field.problem}`);
      }
    }
    // The message lists each field to fix, one per line, e.g. "topics.create: input.configs{value} is a string ...".
    expect(
      problems,
      `Unbounded procedure input (bound each field named below, in its verb's input schema):\n${problems.join('\n')}\n`,
    ).toEqual([]);
  });
});

describe('findUnboundedFields', () => {
  it('names each unbounded field with its path and the bound to add', () => {
    const schema = z.object({
      name: z.string().min(1),
      tags: z.array(z.string().max(10)),
      count: z.number().min(0),
      labels: z.record(z.string().max(10), z.string()).optional(),
      nested: z.object({ items: z.array(z.object({ note: z.string() })).max(5) }).default({ items: [] }),
      anything: z.unknown(),
    });
    expect(findUnboundedFields(schema)).toEqual([
      { path: 'input.name', problem: 'a string without a maximum length: add .max(n)' },
      { path: 'input.tags', problem: 'an array without a maximum length: add .max(n)' },
      { path: 'input.count', problem: 'a number without .int(), .max(n): add .int() and .max(n)' },
      {
        path: 'input.labels',
        problem:
          'a record without a maximum number of entries: build it with boundedRecord(key, value, { maxEntries }) from server/services/bounded-record.ts',
      },
      { path: 'input.labels{value}', problem: 'a string without a maximum length: add .max(n)' },
      { path: 'input.nested.items[].note', problem: 'a string without a maximum length: add .max(n)' },
      {
        path: 'input.anything',
        problem: 'a field of type "unknown" that accepts input of any size: give it a schema with explicit bounds',
      },
    ]);
  });

  it('accepts a fully bounded schema, unions, pipes and fixed-length formats included', () => {
    const schema = z.object({
      id: z.string().uuid(),
      name: z.string().trim().min(1).max(100),
      page: z.number().int().min(1).max(1000).default(1),
      configs: boundedRecord(z.string().max(50), z.string().max(100), { maxEntries: 10 }).optional(),
      target: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('a') }),
        z.object({ kind: z.literal('b'), n: z.int().min(0).max(9) }),
      ]),
      when: z.coerce.date().optional(),
      trimmed: z
        .string()
        .max(10)
        .transform((value) => value.length),
    });
    expect(findUnboundedFields(schema)).toEqual([]);
  });

  it('does not take a refine on a record as a bound it cannot read', () => {
    const refined = boundedRecord(z.string().max(5), z.string().max(5), { maxEntries: 3 }).refine(() => true);
    expect(findUnboundedFields(refined).map((field) => field.path)).toEqual(['input']);
  });

  it('refuses more entries than boundedRecord allows', () => {
    const schema = boundedRecord(z.string().max(5), z.string().max(5), { maxEntries: 2, what: 'labels' });
    expect(schema.safeParse({ a: '1', b: '2' }).success).toBe(true);
    const refused = schema.safeParse({ a: '1', b: '2', c: '3' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('At most 2 labels.');
  });
});
