// User-supplied regular expressions run through re2js (RE2 semantics): matching time is linear in the input,
// so no pattern can hang the server the way a backtracking engine can. Compiled patterns are cached, bounded.
import { RE2JS } from 're2js';

export const maxPatternLength = 1_000;
const maxCachedPatterns = 64;
const cache = new Map<string, SafeRegex>();

export interface SafeRegex {
  test(text: string): boolean;
}

export class InvalidRegexError extends Error {
  override name = 'InvalidRegexError';
}

export function compileRegex(pattern: string): SafeRegex {
  const cached = cache.get(pattern);
  if (cached) return cached;
  if (pattern.length > maxPatternLength)
    throw new InvalidRegexError(`The regular expression is longer than ${maxPatternLength} characters.`);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    throw new InvalidRegexError(
      `Invalid regular expression ${JSON.stringify(pattern)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const regex: SafeRegex = { test: (text) => compiled.matcher(text).find() };
  if (cache.size >= maxCachedPatterns) cache.delete(cache.keys().next().value!);
  cache.set(pattern, regex);
  return regex;
}
