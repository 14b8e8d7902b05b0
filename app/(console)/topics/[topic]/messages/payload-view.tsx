'use client';
// One payload (key, value or header value) in the chosen format. Everything is rendered as React text nodes,
// never as HTML, so a payload holding markup or script is shown, not run.
import type { ReactNode } from 'react';
import { base64ToBytes, renderPayload, type PayloadFormat } from './payload-format.ts';

export interface Payload {
  base64: string;
  sizeBytes: number;
  truncated: boolean;
}

/** JSON deeper than this is shown as text rather than as a tree. */
const maxTreeDepth = 40;

export function PayloadView({ payload, format, testId }: { payload: Payload | null; format: PayloadFormat; testId?: string }) {
  if (payload === null)
    return (
      <span className="muted" data-testid={testId}>
        null
      </span>
    );
  const rendered = renderPayload(base64ToBytes(payload.base64), format);
  let body: ReactNode;
  if (rendered.kind === 'json') body = <JsonTree value={rendered.value} depth={0} />;
  else if (rendered.kind === 'notice') body = <span className="muted">{rendered.text}</span>;
  else body = <pre className="payload">{rendered.text}</pre>;
  return (
    <div data-testid={testId} data-kind={rendered.kind}>
      {body}
    </div>
  );
}

function JsonTree({ value, depth, name }: { value: unknown; depth: number; name?: string }) {
  const label = name !== undefined ? <span className="json-key">{JSON.stringify(name)}: </span> : null;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-leaf">
        {label}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  if (depth >= maxTreeDepth) {
    return (
      <div className="json-leaf">
        {label}
        <span>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries: [string | undefined, unknown][] = Array.isArray(value) ? value.map((item) => [undefined, item]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <details open={depth < 3} className="json-node">
      <summary>
        {label}
        {open}
        <span className="muted">
          {' '}
          {entries.length} {Array.isArray(value) ? 'items' : 'keys'}{' '}
        </span>
        {close}
      </summary>
      <div className="json-children">
        {entries.map(([key, item], index) => (
          <JsonTree key={key ?? index} name={key} value={item} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}
