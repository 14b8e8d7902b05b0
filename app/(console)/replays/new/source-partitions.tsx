'use client';
// The source's partitions in the new-replay form: which ones to copy and, for an offset range, from and to
// which offset each (empty: from the log start, to the end as it is when planned).
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../../server/api/root.ts';
import type { ReplayForm } from './replay-form.ts';

type Partition = inferRouterOutputs<AppRouter>['topics']['get']['partitions'][number];

/** More rows than this are not useful as inputs; the rest are copied whole when "All partitions" is on. */
const MAX_PARTITION_ROWS = 200;

export function SourcePartitions({
  draft,
  set,
  partitions,
}: {
  draft: ReplayForm;
  set: <K extends keyof ReplayForm>(name: K, value: ReplayForm[K]) => void;
  partitions: Partition[] | null;
}) {
  if (draft.topic.trim() === '') return null;
  if (partitions === null) return <p className="muted">Loading the source topic&apos;s partitions…</p>;
  const all = draft.partitions === null;
  const chosen = new Set(draft.partitions ?? partitions.map((p) => p.partition));
  const shown = partitions.slice(0, MAX_PARTITION_ROWS);
  const toggle = (partition: number, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(partition);
    else next.delete(partition);
    set(
      'partitions',
      [...next].sort((a, b) => a - b),
    );
  };
  const setOffset = (partition: number, side: 'start' | 'end', text: string) => {
    const current = draft.offsets[partition] ?? { start: '', end: '' };
    set('offsets', { ...draft.offsets, [partition]: { ...current, [side]: text.trim() } });
  };
  return (
    <section className="panel" data-testid="source-partitions">
      <label style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
        <input type="checkbox" checked={all} onChange={(event) => set('partitions', event.target.checked ? null : [...chosen])} />
        All {partitions.length} partition{partitions.length === 1 ? '' : 's'}
      </label>
      <table style={{ marginTop: 8 }}>
        <thead>
          <tr>
            <th>Copy</th>
            <th className="num">Partition</th>
            <th className="num">Log start</th>
            <th className="num">End</th>
            {draft.range === 'offsets' && (
              <>
                <th>From offset (empty: log start)</th>
                <th>To offset, exclusive (empty: end)</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {shown.map((partition) => {
            const range = draft.offsets[partition.partition] ?? { start: '', end: '' };
            const included = chosen.has(partition.partition);
            return (
              <tr key={partition.partition} data-testid="source-partition">
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Copy partition ${partition.partition}`}
                    checked={included}
                    disabled={all}
                    onChange={(event) => toggle(partition.partition, event.target.checked)}
                  />
                </td>
                <td className="num">{partition.partition}</td>
                <td className="num">{partition.logStartOffset ?? '—'}</td>
                <td className="num">{partition.endOffset ?? '—'}</td>
                {draft.range === 'offsets' && (
                  <>
                    <td>
                      <input
                        aria-label={`From offset of partition ${partition.partition}`}
                        inputMode="numeric"
                        placeholder={String(partition.logStartOffset ?? '')}
                        value={range.start}
                        disabled={!included}
                        onChange={(event) => setOffset(partition.partition, 'start', event.target.value)}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`To offset of partition ${partition.partition}`}
                        inputMode="numeric"
                        placeholder={String(partition.endOffset ?? '')}
                        value={range.end}
                        disabled={!included}
                        onChange={(event) => setOffset(partition.partition, 'end', event.target.value)}
                      />
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {partitions.length > shown.length && (
        <p className="hint">
          The first {MAX_PARTITION_ROWS} of {partitions.length} partitions can be chosen here; keep &quot;All partitions&quot; to copy every
          one.
        </p>
      )}
    </section>
  );
}
