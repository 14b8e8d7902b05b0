// The safe record filters (quick filters and CEL) as a form edits them, shared by the messages search and the
// replay form, and the RecordFilter input they become (empty fields left out). Pure: no React.
export interface RecordFilterDraft {
  keyContains: string;
  valueContains: string;
  valueMatches: string;
  headerName: string;
  headerValue: string;
  /** A CEL expression over key, value, headers, partition, offset, timestamp. */
  expression: string;
}

export const emptyRecordFilterDraft: RecordFilterDraft = {
  keyContains: '',
  valueContains: '',
  valueMatches: '',
  headerName: '',
  headerValue: '',
  expression: '',
};

export function toRecordFilter(draft: RecordFilterDraft) {
  return {
    expression: draft.expression || undefined,
    keyContains: draft.keyContains || undefined,
    valueContains: draft.valueContains || undefined,
    valueMatches: draft.valueMatches || undefined,
    header: draft.headerName ? { name: draft.headerName, value: draft.headerValue } : undefined,
  };
}

/** The 0-based position a CEL error names ("Syntax error at position 17: ..." counts from 1), or null. */
export function celErrorPosition(error: unknown): number | null {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const match = /^(?:Syntax|Type) error at position (\d+)/.exec(message);
  return match ? Number(match[1]) - 1 : null;
}
