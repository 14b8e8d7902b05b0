// Tiny indented-line builder for the generator, plus version conditions rendered as TypeScript.

import type { VersionRange } from './schema.ts';

export class CodeBuilder {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ''): this {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  /** `header {` ... `}` with the body indented; `closing` replaces the final `}`. */
  block(header: string, body: () => void, closing = '}'): this {
    this.line(header === '' ? '{' : `${header} {`);
    this.indent(body);
    this.line(closing);
    return this;
  }

  indent(body: () => void): this {
    this.depth++;
    body();
    this.depth--;
    return this;
  }

  /** if/else on a version condition, collapsing to one branch when the condition is constant. */
  branch(cond: Cond, whenTrue: () => void, whenFalse?: () => void): this {
    if (cond === true) whenTrue();
    else if (cond === false) whenFalse?.();
    else if (whenFalse === undefined) this.block(`if (${cond})`, whenTrue);
    else {
      this.line(`if (${cond}) {`);
      this.indent(whenTrue);
      this.line('} else {');
      this.indent(whenFalse);
      this.line('}');
    }
    return this;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

/** A condition on `version`: constant true/false, or a TypeScript expression. */
export type Cond = boolean | string;

/**
 * The condition "version in range", exact for every version in `versions` (the versions the code can run
 * with), with clauses dropped when they hold for all of them.
 */
export function rangeCond(range: VersionRange | null, versions: readonly number[]): Cond {
  if (range === null) return false;
  const inside = versions.filter((v) => v >= range.min && v <= range.max);
  if (inside.length === versions.length) return true;
  if (inside.length === 0) return false;
  const clauses: string[] = [];
  if (versions.some((v) => v < range.min)) clauses.push(`version >= ${range.min}`);
  if (versions.some((v) => v > range.max)) clauses.push(`version <= ${range.max}`);
  return clauses.join(' && ');
}

export function pick(cond: Cond, whenTrue: string, whenFalse: string): string {
  if (cond === true) return whenTrue;
  if (cond === false) return whenFalse;
  if (whenTrue === whenFalse) return whenTrue;
  return `(${cond} ? ${whenTrue} : ${whenFalse})`;
}

export function not(cond: Cond): Cond {
  if (typeof cond === 'boolean') return !cond;
  return `!(${cond})`;
}

export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Like pick, for two statements (each ending in `;`). */
export function pickStatement(cond: Cond, whenTrue: string, whenFalse: string): string {
  if (cond === true || whenTrue === whenFalse) return whenTrue;
  if (cond === false) return whenFalse;
  return `if (${cond}) ${whenTrue} else ${whenFalse}`;
}
