import type { ReactNode } from 'react';

/** A figure in a row of `.cards`: a label, the value, and an optional note under it. */
export function Card({ label, value, note }: { label: string; value: ReactNode; note?: string }) {
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {note && <div className="note">{note}</div>}
    </div>
  );
}
