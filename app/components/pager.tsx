'use client';
// Previous / next through a list paged on the server; the page number lives in the address (`page`).
import type { QueryChanges } from './query-state.ts';

export function Pager({ page, pageCount, update }: { page: number; pageCount: number; update: (changes: QueryChanges) => void }) {
  return (
    <div className="pager">
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
        Previous
      </button>
      <span>
        Page {page} of {pageCount}
      </span>
      <button type="button" className="secondary" disabled={page >= pageCount} onClick={() => update({ page: String(page + 1) })}>
        Next
      </button>
    </div>
  );
}
