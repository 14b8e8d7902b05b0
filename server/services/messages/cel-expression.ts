// CEL (Common Expression Language) filters over records, through @marcbachmann/cel-js: parsed and type-checked
// once, before any scan starts, so a bad expression is reported with its position and nothing is read.
// CEL's standard `matches` uses JavaScript's backtracking RegExp; every call to it is rewritten to
// `re2Matches`, which runs re2js (RE2 semantics, linear time), so no pattern can hang the server.
import { Environment, ParseError, type ASTNode } from '@marcbachmann/cel-js';
import { serialize } from '@marcbachmann/cel-js/serialize';
import { compileRegex } from './safe-regex.ts';

export const maxExpressionLength = 4_000;

/** What an expression sees of one record. */
export interface CelRecord {
  key: string | null;
  /** Parsed JSON when the value parses, else its text (null for a tombstone). */
  value: unknown;
  headers: Record<string, string>;
  partition: bigint;
  offset: bigint;
  /** Milliseconds since the epoch. */
  timestamp: bigint;
}

export class CelExpressionError extends Error {
  override name = 'CelExpressionError';
  /** 0-based character position of the problem in the expression. */
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

const environment = new Environment({
  limits: { maxAstNodes: 2_000, maxDepth: 64, maxListElements: 1_000, maxMapEntries: 1_000, maxCallArguments: 16 },
})
  .registerVariable('key', 'dyn')
  .registerVariable('value', 'dyn')
  .registerVariable('headers', 'map<string, string>')
  .registerVariable('partition', 'int')
  .registerVariable('offset', 'int')
  .registerVariable('timestamp', 'int')
  .registerFunction('string.re2Matches(string): bool', (text: string, pattern: string) => compileRegex(pattern).test(text));

export type CelPredicate = (record: CelRecord) => boolean;

/** Throws CelExpressionError (with the position) for syntax and type errors, and for non-boolean results. */
export function compileCelExpression(expression: string): CelPredicate {
  if (expression.length > maxExpressionLength)
    throw new CelExpressionError(`The expression is longer than ${maxExpressionLength} characters.`, maxExpressionLength);
  let parsed;
  try {
    parsed = environment.parse(expression);
  } catch (error) {
    throw asExpressionError(error);
  }
  const checked = parsed.check();
  if (!checked.valid) throw asExpressionError(checked.error);
  if (checked.type !== 'bool' && checked.type !== 'dyn')
    throw new CelExpressionError(`The expression gives ${checked.type}; a filter needs true or false.`, 0);
  const rewritten = serialize(rewriteMatches(parsed.ast));
  const evaluate = environment.parse(rewritten);
  return (record) => evaluate(record as unknown as Record<string, unknown>) === true;
}

/** `s.matches(p)` becomes `s.re2Matches(p)`. */
function rewriteMatches(node: ASTNode): ASTNode {
  const rewritten = { ...node } as { op: string; args: unknown };
  if (node.op === 'rcall' && (node.args as unknown[])[0] === 'matches') {
    const [, receiver, args] = node.args as [string, ASTNode, ASTNode[]];
    rewritten.args = ['re2Matches', rewriteMatches(receiver), args.map(rewriteMatches)];
  } else {
    rewritten.args = rewriteArgs(node.args);
  }
  return rewritten as ASTNode;
}

function rewriteArgs(args: unknown): unknown {
  if (Array.isArray(args)) return args.map(rewriteArgs);
  if (args && typeof args === 'object' && 'op' in args) return rewriteMatches(args as ASTNode);
  return args;
}

function asExpressionError(error: unknown): CelExpressionError {
  const located = error as { range?: { start: number }; summary?: string; message?: string };
  const position = located?.range?.start ?? 0;
  const summary = located?.summary ?? (error instanceof Error ? error.message.split('\n')[0] : String(error));
  return new CelExpressionError(
    `${error instanceof ParseError ? 'Syntax error' : 'Type error'} at position ${position + 1}: ${summary}`,
    position,
  );
}
