// Reads a zod input schema and lists every place it accepts input of unbounded size: a string without a
// maximum length, an array or set without a maximum size, a record without a maximum number of entries
// (boundedRecord), a number without an integer check, minimum and maximum, a field that accepts anything.
// input-bounds.test.ts runs it over every procedure of the router, so a new procedure cannot forget a bound.
import type { z } from 'zod';
import { maxEntriesOf } from '../services/bounded-record.ts';

export interface UnboundedField {
  /** Where in the input, e.g. `input.changes[].value` or `input.configs{key}`. */
  path: string;
  /** What is missing and how to add it, in words. */
  problem: string;
}

/** Strings in these formats have a fixed or bounded length by their format alone. */
const BOUNDED_STRING_FORMATS = new Set(['uuid', 'guid', 'cuid', 'cuid2', 'ulid', 'xid', 'ksuid', 'nanoid', 'ipv4', 'ipv6', 'date', 'time']);

/** The parts of zod's internal definition read here (zod 4's `_zod.def`). */
interface Definition {
  type: string;
  checks?: z.core.$ZodCheck[];
  check?: string;
  format?: string;
  shape?: Record<string, z.core.$ZodType>;
  catchall?: z.core.$ZodType;
  element?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  left?: z.core.$ZodType;
  right?: z.core.$ZodType;
  items?: z.core.$ZodType[];
  rest?: z.core.$ZodType | null;
  keyType?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
}

interface CheckDefinition {
  check: string;
  format?: string;
}

/** A schema is a zod schema if it has zod 4's internals; tRPC also takes plain functions and other validators. */
export function isZodSchema(schema: unknown): schema is z.core.$ZodType {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

export function findUnboundedFields(schema: z.core.$ZodType, path = 'input'): UnboundedField[] {
  const found: UnboundedField[] = [];
  walk(schema, path, found, new Set());
  return found;
}

function definitionOf(schema: z.core.$ZodType): Definition {
  return schema._zod.def as unknown as Definition;
}

function checksOf(definition: Definition): CheckDefinition[] {
  const checks = (definition.checks ?? []).map((check) => check._zod.def as unknown as CheckDefinition);
  // z.int() and z.uuid() are themselves a check: their definition carries `check` and `format`.
  if (definition.check) checks.push({ check: definition.check, format: definition.format });
  return checks;
}

function walk(schema: z.core.$ZodType, path: string, found: UnboundedField[], visiting: Set<z.core.$ZodType>): void {
  if (visiting.has(schema)) return; // a recursive schema: its fields are checked on the first visit
  visiting.add(schema);
  const definition = definitionOf(schema);
  const report = (problem: string) => found.push({ path, problem });
  const checks = checksOf(definition);
  const has = (kind: string) => checks.some((check) => check.check === kind);
  switch (definition.type) {
    case 'string': {
      const boundedFormat = checks.some((check) => check.check === 'string_format' && BOUNDED_STRING_FORMATS.has(check.format ?? ''));
      if (!has('max_length') && !has('length_equals') && !boundedFormat) report('a string without a maximum length: add .max(n)');
      break;
    }
    case 'number': {
      const integral = has('number_format') || has('multiple_of');
      const missing = [integral ? null : '.int()', has('greater_than') ? null : '.min(n)', has('less_than') ? null : '.max(n)'].filter(
        (part) => part !== null,
      );
      if (missing.length > 0) report(`a number without ${missing.join(', ')}: add ${missing.join(' and ')}`);
      break;
    }
    case 'bigint':
      if (!has('greater_than') || !has('less_than')) report('a bigint without both .min(n) and .max(n): add them');
      break;
    case 'array':
      if (!has('max_length') && !has('length_equals')) report('an array without a maximum length: add .max(n)');
      walk(definition.element!, `${path}[]`, found, visiting);
      break;
    case 'set':
      if (!has('max_size') && !has('size_equals')) report('a set without a maximum size: add .max(n)');
      walk(definition.valueType!, `${path}[]`, found, visiting);
      break;
    case 'record':
    case 'map':
      if (maxEntriesOf(schema) === undefined)
        report(
          `a ${definition.type} without a maximum number of entries: build it with boundedRecord(key, value, { maxEntries }) from server/services/bounded-record.ts`,
        );
      walk(definition.keyType!, `${path}{key}`, found, visiting);
      walk(definition.valueType!, `${path}{value}`, found, visiting);
      break;
    case 'object':
      for (const [name, field] of Object.entries(definition.shape ?? {})) walk(field, `${path}.${name}`, found, visiting);
      if (definition.catchall) walk(definition.catchall, `${path}.{other keys}`, found, visiting);
      break;
    case 'union':
      for (const option of definition.options ?? []) walk(option, path, found, visiting);
      break;
    case 'intersection':
      walk(definition.left!, path, found, visiting);
      walk(definition.right!, path, found, visiting);
      break;
    case 'tuple':
      (definition.items ?? []).forEach((item, index) => walk(item, `${path}[${index}]`, found, visiting));
      if (definition.rest) report('a tuple with a rest element: drop .rest() or use a bounded array');
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
    case 'success':
      walk(definition.innerType!, path, found, visiting);
      break;
    case 'pipe':
      // What the client sends is what the pipe's input side parses; the output side sees a bounded value.
      walk(definition.in!, path, found, visiting);
      break;
    case 'lazy':
      walk(definition.getter!(), path, found, visiting);
      break;
    case 'boolean':
    case 'enum':
    case 'literal':
    case 'null':
    case 'undefined':
    case 'void':
    case 'never':
    case 'nan':
    case 'date':
    case 'template_literal':
      break;
    default:
      // any, unknown, custom, transform, file, function, promise, symbol: nothing bounds what they accept.
      report(`a field of type "${definition.type}" that accepts input of any size: give it a schema with explicit bounds`);
  }
  visiting.delete(schema);
}
