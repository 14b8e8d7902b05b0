// What one audit record stores is bounded, whatever a verb hands it: the log is append-only, so an oversized
// row could never be removed, and every page of the viewer would carry it. A JSON value over the bound is
// replaced by a marker with its size and the start of its text; texts (names, errors) are cut with an ellipsis.

/** Per JSON column (parameters, before, after). Whole topic configs with a diff fit comfortably. */
export const maxAuditValueBytes = 64 * 1024;
const previewChars = 1024;
/** resource_name, actor_name, error. */
export const maxAuditTextChars = 2000;

export interface TruncatedAuditValue {
  truncated: true;
  originalBytes: number;
  preview: string;
}

export function boundedAuditValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxAuditValueBytes) return value;
  const marker: TruncatedAuditValue = { truncated: true, originalBytes: bytes, preview: text.slice(0, previewChars) };
  return marker;
}

export function boundedAuditText(text: string): string {
  return text.length <= maxAuditTextChars ? text : `${text.slice(0, maxAuditTextChars - 1)}…`;
}
