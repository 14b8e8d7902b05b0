// The filters a search applies to each record, compiled once before the scan: quick filters (byte-level
// "contains", header equality, time range, exact key, an RE2 regular expression over the value) and a CEL
// expression. A bad expression or pattern is a ValidationError before any record is read.
import { z } from 'zod';
import type { FetchedRecord } from '../../kafka/record-fetcher.ts';
import { ValidationError } from '../service-error.ts';
import { CelExpressionError, compileCelExpression, maxExpressionLength, type CelRecord } from './cel-expression.ts';
import { compileRegex, InvalidRegexError, maxPatternLength } from './safe-regex.ts';

/** The latest time a JavaScript Date can hold (ECMAScript's 8.64e15 ms after the epoch). */
const MAX_TIMESTAMP_MS = 8_640_000_000_000_000;

export const RecordFilter = z.object({
  keyContains: z.string().min(1).max(1_000).optional(),
  valueContains: z.string().min(1).max(1_000).optional(),
  /** An RE2 regular expression the value's text must match somewhere. */
  valueMatches: z.string().min(1).max(maxPatternLength).optional(),
  header: z.object({ name: z.string().min(1).max(255), value: z.string().max(1_000) }).optional(),
  fromTimestampMs: z.number().int().min(0).max(MAX_TIMESTAMP_MS).optional(),
  toTimestampMs: z.number().int().min(0).max(MAX_TIMESTAMP_MS).optional(),
  /** Exact key (UTF-8); "find key K" also narrows the scan to the key's partition. */
  keyEquals: z.string().max(10_000).optional(),
  expression: z.string().max(maxExpressionLength).optional(),
});
export type RecordFilter = z.infer<typeof RecordFilter>;

export type RecordPredicate = (record: FetchedRecord) => boolean;

/** The predicate, or null when nothing filters. Throws ValidationError naming the problem (and its position). */
export function compileRecordFilter(filter: RecordFilter): RecordPredicate | null {
  const tests: RecordPredicate[] = [];
  if (filter.keyEquals !== undefined) {
    const wanted = Buffer.from(filter.keyEquals, 'utf8');
    tests.push((record) => record.key?.equals(wanted) === true);
  }
  if (filter.keyContains) {
    const needle = Buffer.from(filter.keyContains, 'utf8');
    tests.push((record) => record.key !== null && record.key.indexOf(needle) >= 0);
  }
  if (filter.valueContains) {
    const needle = Buffer.from(filter.valueContains, 'utf8');
    tests.push((record) => record.value !== null && record.value.indexOf(needle) >= 0);
  }
  if (filter.valueMatches) {
    let regex;
    try {
      regex = compileRegex(filter.valueMatches);
    } catch (error) {
      throw new ValidationError(error instanceof InvalidRegexError ? error.message : String(error));
    }
    tests.push((record) => record.value !== null && regex.test(record.value.toString('utf8')));
  }
  if (filter.header) {
    const { name, value } = filter.header;
    tests.push((record) =>
      record.headers.some(([headerName, headerValue]) => headerName === name && (headerValue?.toString('utf8') ?? '') === value),
    );
  }
  if (filter.fromTimestampMs !== undefined) {
    const from = filter.fromTimestampMs;
    tests.push((record) => record.timestampMs >= from);
  }
  if (filter.toTimestampMs !== undefined) {
    const to = filter.toTimestampMs;
    tests.push((record) => record.timestampMs <= to);
  }
  if (filter.expression && filter.expression.trim() !== '') {
    let predicate;
    try {
      predicate = compileCelExpression(filter.expression);
    } catch (error) {
      if (error instanceof CelExpressionError) throw new ValidationError(error.message);
      throw error;
    }
    tests.push((record) => predicate(toCelRecord(record)));
  }
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0];
  return (record) => tests.every((test) => test(record));
}

export function toCelRecord(record: FetchedRecord): CelRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of record.headers) headers[name] = value?.toString('utf8') ?? '';
  return {
    key: record.key?.toString('utf8') ?? null,
    value: record.value === null ? null : parseValue(record.value),
    headers,
    partition: BigInt(record.partition),
    offset: record.offset,
    timestamp: BigInt(record.timestampMs),
  };
}

const jsonStart = /[{["\-0-9tfn]/;

/** JSON when the bytes are a JSON document (objects, arrays, strings, numbers, literals), else the text. */
function parseValue(value: Buffer): unknown {
  const text = value.toString('utf8');
  const first = text.trimStart()[0];
  if (first !== undefined && jsonStart.test(first)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
