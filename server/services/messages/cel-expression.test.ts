import { describe, expect, it } from 'vitest';
import { CelExpressionError, compileCelExpression, type CelRecord } from './cel-expression.ts';

const record = (value: unknown, key: string | null = 'k'): CelRecord => ({
  key,
  value,
  headers: { source: 'a' },
  partition: 0n,
  offset: 7n,
  timestamp: 1_000n,
});

describe('CEL filters', () => {
  it('compares JSON numbers with integer literals', () => {
    const filter = compileCelExpression('value.status == "failed" && value.amount > 100');
    expect(filter(record({ status: 'failed', amount: 150 }))).toBe(true);
    expect(filter(record({ status: 'failed', amount: 50 }))).toBe(false);
    expect(filter(record({ status: 'ok', amount: 150 }))).toBe(false);
  });

  it('reports the position of a syntax error', () => {
    expect(() => compileCelExpression('value.a == (1')).toThrow(CelExpressionError);
    try {
      compileCelExpression('offset >> 2');
    } catch (error) {
      expect((error as CelExpressionError).position).toBeGreaterThan(0);
      expect((error as CelExpressionError).message).toMatch(/^Syntax error at position \d+/);
    }
  });

  it('rewrites matches() to the RE2 engine', () => {
    expect(compileCelExpression('key.matches("^k$")')(record(null))).toBe(true);
    expect(compileCelExpression('key.matches("^x")')(record(null))).toBe(false);
    // A backtracking engine takes exponential time on this; RE2 is linear.
    const started = Date.now();
    expect(compileCelExpression('value.matches("^(a+)+$")')(record(`${'a'.repeat(40)}!`))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('treats a missing field as no match, not a crash', () => {
    const filter = compileCelExpression('value.nope == 1');
    expect(() => filter(record({ a: 1 }))).toThrow();
  });
});
