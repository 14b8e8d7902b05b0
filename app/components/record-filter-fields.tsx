'use client';
// The safe record filter inputs (quick filters and a CEL expression), laid out in the caller's .form-grid:
// the messages search and the replay form use the same fields, names and labels. A CEL error from the server
// ("Syntax error at position N") is pointed at under the expression.
import type { InputHTMLAttributes, ReactNode } from 'react';
import { celErrorPosition, type RecordFilterDraft } from './record-filter-draft.ts';

/** Input names as in the messages page's address (the expression is `filter` there). */
const inputNames: Record<keyof RecordFilterDraft, string> = {
  keyContains: 'keyContains',
  valueContains: 'valueContains',
  valueMatches: 'valueMatches',
  headerName: 'headerName',
  headerValue: 'headerValue',
  expression: 'filter',
};

export function RecordFilterFields({
  value,
  onChange,
  error,
  children,
}: {
  value: RecordFilterDraft;
  onChange: (name: keyof RecordFilterDraft, text: string) => void;
  /** The last error of the request that used the filter: a CEL error's position is marked. */
  error?: unknown;
  /** More fields placed before the expression. */
  children?: ReactNode;
}) {
  const field = (label: string, name: keyof RecordFilterDraft, extra: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label>
      {label}
      <input value={value[name]} onChange={(event) => onChange(name, event.target.value)} name={inputNames[name]} {...extra} />
    </label>
  );
  const position = error ? celErrorPosition(error) : null;
  return (
    <>
      {field('Key contains', 'keyContains')}
      {field('Value contains', 'valueContains')}
      {field('Value matches (RE2 regex)', 'valueMatches', { className: 'mono' })}
      {field('Header name', 'headerName')}
      {field('Header value', 'headerValue')}
      {children}
      <label style={{ gridColumn: '1 / -1' }}>
        CEL expression over key, value, headers, partition, offset, timestamp
        <textarea
          rows={2}
          className="mono"
          value={value.expression}
          onChange={(event) => onChange('expression', event.target.value)}
          name={inputNames.expression}
          placeholder='value.status == "failed" && value.amount > 100'
          aria-invalid={position !== null}
        />
      </label>
      {position !== null && value.expression !== '' && <CelErrorMarker expression={value.expression} position={position} />}
    </>
  );
}

/** The expression with a caret under the character the error names. */
function CelErrorMarker({ expression, position }: { expression: string; position: number }) {
  // One line is shown: the one holding the position.
  const lineStart = expression.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
  const lineEnd = expression.indexOf('\n', position);
  const line = expression.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const column = Math.min(Math.max(0, position - lineStart), line.length);
  return (
    <pre className="mono field-error cel-marker" data-testid="cel-error-marker" style={{ gridColumn: '1 / -1' }}>
      {line}
      {'\n'}
      {' '.repeat(column)}^
    </pre>
  );
}
