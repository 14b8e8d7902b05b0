'use client';
// The offset reset wizard for one group: target and scope in the address (shareable), a dry-run preview per
// partition with Kafka's equivalent command line, apply after confirmation (refused while the group has
// members), then undo from the audit record with its own preview.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useParams, usePathname } from 'next/navigation';
import { Suspense, useState } from 'react';
import type { AppRouter } from '../../../../../server/api/root.ts';
import { useClusterId } from '../../../../components/cluster-context.tsx';
import { ErrorBox } from '../../../../components/error-box.tsx';
import { formatDuration } from '../../../../components/format-duration.ts';
import { groupHref } from '../../../../components/group-href.ts';
import { useQueryState } from '../../../../components/query-state.ts';
import { useTRPC } from '../../../../trpc-provider.tsx';

type ResetInput = inferRouterInputs<AppRouter>['groups']['resetOffsets'];
type Plan = inferRouterOutputs<AppRouter>['groups']['previewResetOffsets'];
const targetKinds = ['earliest', 'latest', 'timestamp', 'offset', 'perPartition', 'shift', 'durationBack', 'group'] as const;
const targetLabels: Record<(typeof targetKinds)[number], string> = {
  earliest: 'Earliest (log start)',
  latest: 'Latest (end)',
  timestamp: 'A date and time (UTC)',
  offset: 'An offset',
  perPartition: 'An offset per partition',
  shift: 'Shift by ±N records',
  durationBack: 'A duration back from now',
  group: "Another group's offsets",
};

export default function ResetPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ResetWizard />
    </Suspense>
  );
}

/** The reset request the address describes, or why it is not complete yet. */
function requestFrom(params: URLSearchParams, clusterId: string, groupId: string): ResetInput | string {
  const kind = params.get('target') ?? '';
  let target: ResetInput['target'];
  switch (kind) {
    case 'earliest':
    case 'latest':
      target = { kind };
      break;
    case 'timestamp': {
      const timestampMs = Date.parse(`${params.get('at') ?? ''}Z`);
      if (Number.isNaN(timestampMs)) return 'Enter a date and time.';
      target = { kind, timestampMs };
      break;
    }
    case 'offset':
    case 'shift': {
      const value = Number(params.get('n'));
      if (params.get('n') === null || !Number.isInteger(value)) return 'Enter a whole number.';
      target = kind === 'offset' ? { kind, offset: value } : { kind, by: value };
      break;
    }
    case 'perPartition': {
      const perPartition = parsePerPartition(params.get('offsets'));
      if (typeof perPartition === 'string') return perPartition;
      if (Object.keys(perPartition).length === 0) return 'Enter an offset for at least one partition.';
      target = { kind: 'offset', perPartition };
      break;
    }
    case 'durationBack': {
      const minutes = Number(params.get('minutes'));
      if (!(minutes > 0)) return 'Enter how many minutes back.';
      target = { kind, durationMs: Math.round(minutes * 60_000) };
      break;
    }
    case 'group':
      if (!params.get('from')) return 'Enter the other group.';
      target = { kind, groupId: params.get('from')! };
      break;
    default:
      return 'Choose a target.';
  }
  const topic = params.get('topic') ?? '';
  const partitions = (params.get('partitions') ?? '')
    .split(',')
    .filter((p) => p.trim() !== '')
    .map(Number);
  if (partitions.some((p) => !Number.isInteger(p) || p < 0)) return 'Partitions: numbers separated by commas.';
  const scope: ResetInput['scope'] = !topic
    ? { kind: 'all' }
    : partitions.length > 0
      ? { kind: 'partitions', topic, partitions }
      : { kind: 'topic', topic };
  return { clusterId, groupId, target, scope };
}

/** The address keeps per-partition offsets as "topic/partition=offset,..." (topic names have no '/', '=' or ','). */
function parsePerPartition(value: string | null): Record<string, number> | string {
  const result: Record<string, number> = {};
  for (const entry of (value ?? '').split(',').filter((e) => e !== '')) {
    const [key, offset] = entry.split('=');
    const number = Number(offset);
    if (!key || !/^[^/]+\/\d+$/.test(key) || offset === undefined || offset === '' || !Number.isInteger(number) || number < 0)
      return `Offsets: whole numbers ≥ 0 (${entry} is not).`;
    result[key] = number;
  }
  return result;
}

function formatPerPartition(offsets: Record<string, number>): string | null {
  const entries = Object.entries(offsets).map(([key, offset]) => `${key}=${offset}`);
  return entries.length > 0 ? entries.join(',') : null;
}

function ResetWizard() {
  const groupId = decodeURIComponent(useParams<{ group: string }>().group);
  const { clusterId } = useClusterId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const { params, update } = useQueryState();
  const group = useQuery(trpc.groups.get.queryOptions({ clusterId, groupId }));
  const request = requestFrom(params, clusterId, groupId);
  const undoId = Number(params.get('undo')) || null;
  const preview = useQuery({
    ...trpc.groups.previewResetOffsets.queryOptions(typeof request === 'string' ? (undefined as never) : request),
    enabled: typeof request !== 'string' && !undoId,
  });
  const undoPreview = useQuery({
    ...trpc.groups.previewUndoResetOffsets.queryOptions({ auditRecordId: undoId ?? 1 }),
    enabled: undoId !== null,
  });
  const [confirming, setConfirming] = useState(false);
  const [applied, setApplied] = useState<{ auditRecordId: number; undo: boolean } | null>(null);
  const refresh = () => queryClient.invalidateQueries();
  const apply = useMutation(
    trpc.groups.resetOffsets.mutationOptions({
      onSuccess: (result) => {
        setApplied({ auditRecordId: result.auditRecordId, undo: false });
        setConfirming(false);
        void refresh();
      },
    }),
  );
  const undo = useMutation(
    trpc.groups.undoResetOffsets.mutationOptions({
      onSuccess: (result) => {
        setApplied({ auditRecordId: result.auditRecordId, undo: true });
        setConfirming(false);
        update({ undo: null });
        void refresh();
      },
    }),
  );
  const topics = group.data?.topics.map((t) => t.topic) ?? [];
  const plan = undoId ? undoPreview.data : preview.data;
  const planError = undoId ? undoPreview.error : preview.error;
  return (
    <>
      <p className="muted" style={{ margin: '0 0 4px' }}>
        <Link href={clusterId === 'built-in' ? '/groups' : `/groups?cluster=${encodeURIComponent(clusterId)}`}>Consumer groups</Link> /{' '}
        <Link href={groupHref(groupId, clusterId)}>{groupId}</Link> /
      </p>
      <h1>{undoId ? `Undo offset reset #${undoId}` : 'Reset offsets'}</h1>
      <ErrorBox error={group.error} />
      {!undoId && (
        <div className="form-grid">
          <label>
            Target
            <select aria-label="Target" value={params.get('target') ?? ''} onChange={(e) => update({ target: e.target.value })}>
              <option value="">Choose…</option>
              {targetKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {targetLabels[kind]}
                </option>
              ))}
            </select>
          </label>
          {params.get('target') === 'timestamp' && (
            <label>
              Date and time (UTC)
              <input
                aria-label="Date and time (UTC)"
                placeholder="2026-01-31T09:30:00"
                defaultValue={params.get('at') ?? ''}
                onBlur={(e) => update({ at: e.target.value })}
              />
            </label>
          )}
          {(params.get('target') === 'offset' || params.get('target') === 'shift') && (
            <label>
              {params.get('target') === 'offset' ? 'Offset' : 'Shift by (negative: back)'}
              <input
                aria-label="Number"
                inputMode="numeric"
                defaultValue={params.get('n') ?? ''}
                onBlur={(e) => update({ n: e.target.value })}
              />
            </label>
          )}
          {params.get('target') === 'perPartition' && group.data && (
            <PerPartitionOffsets
              partitions={group.data.topics
                .filter((t) => !params.get('topic') || t.topic === params.get('topic'))
                .flatMap((t) => t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, committedOffset: p.committedOffset })))}
              value={params.get('offsets')}
              onChange={(offsets) => update({ offsets })}
            />
          )}
          {params.get('target') === 'durationBack' && (
            <label>
              Minutes back
              <input
                aria-label="Minutes back"
                inputMode="numeric"
                defaultValue={params.get('minutes') ?? ''}
                onBlur={(e) => update({ minutes: e.target.value })}
              />
            </label>
          )}
          {params.get('target') === 'group' && (
            <label>
              Other group
              <input aria-label="Other group" defaultValue={params.get('from') ?? ''} onBlur={(e) => update({ from: e.target.value })} />
            </label>
          )}
          <label>
            Scope
            <select
              aria-label="Topic scope"
              value={params.get('topic') ?? ''}
              onChange={(e) => update({ topic: e.target.value, partitions: null })}
            >
              <option value="">All the group&apos;s committed partitions</option>
              {topics.map((topic) => (
                <option key={topic} value={topic}>
                  {topic}
                </option>
              ))}
            </select>
          </label>
          {params.get('topic') && (
            <label>
              Partitions (empty: all)
              <input
                aria-label="Partitions"
                placeholder="0,2"
                defaultValue={params.get('partitions') ?? ''}
                onBlur={(e) => update({ partitions: e.target.value })}
              />
            </label>
          )}
        </div>
      )}
      {typeof request === 'string' && !undoId && <p className="muted">{request}</p>}
      {applied && (
        <div className="verdict ok" role="status" data-testid="reset-applied">
          {applied.undo ? 'Undo applied' : 'Reset applied'}: audit record #{applied.auditRecordId}.{' '}
          {!applied.undo && (
            <Link
              href={`${pathname}?${new URLSearchParams({ ...(clusterId !== 'built-in' ? { cluster: clusterId } : {}), undo: String(applied.auditRecordId) }).toString()}`}
              onClick={() => setApplied(null)}
            >
              Undo this reset…
            </Link>
          )}{' '}
          <Link href={groupHref(groupId, clusterId)}>See the group&apos;s lag</Link>
        </div>
      )}
      <ErrorBox error={planError} />
      {plan && <PlanView plan={plan} />}
      {plan && plan.members.length === 0 && plan.partitions.length > 0 && (
        <div className="toolbar">
          {!confirming ? (
            <button type="button" onClick={() => setConfirming(true)}>
              {undoId ? 'Undo reset…' : 'Apply reset…'}
            </button>
          ) : (
            <>
              <span>
                Commit {plan.partitions.length} offsets for {groupId}?
              </span>
              <button
                type="button"
                className="danger"
                disabled={apply.isPending || undo.isPending}
                onClick={() => (undoId ? undo.mutate({ auditRecordId: undoId }) : typeof request !== 'string' && apply.mutate(request))}
              >
                Confirm
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </>
          )}
        </div>
      )}
      <ErrorBox error={apply.error ?? undo.error} />
    </>
  );
}

/** One input per partition of the group (in scope); an empty input leaves that partition out of the reset. */
function PerPartitionOffsets({
  partitions,
  value,
  onChange,
}: {
  partitions: { topic: string; partition: number; committedOffset: number | null }[];
  value: string | null;
  onChange: (offsets: string | null) => void;
}) {
  const parsed = parsePerPartition(value);
  const offsets = typeof parsed === 'string' ? {} : parsed;
  const shown = partitions.slice(0, MAX_PARTITION_INPUTS);
  return (
    <fieldset className="panel" data-testid="per-partition-offsets" style={{ gridColumn: '1 / -1' }}>
      <legend>Offset per partition (empty: not reset)</legend>
      <table>
        <thead>
          <tr>
            <th>Topic</th>
            <th className="num">Partition</th>
            <th className="num">Committed now</th>
            <th>New offset</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ topic, partition, committedOffset }) => {
            const key = `${topic}/${partition}`;
            return (
              <tr key={key}>
                <td className="mono">{topic}</td>
                <td className="num">{partition}</td>
                <td className="num">{committedOffset ?? '—'}</td>
                <td>
                  <input
                    aria-label={`New offset of ${key}`}
                    inputMode="numeric"
                    defaultValue={offsets[key] ?? ''}
                    onBlur={(e) => {
                      const next = { ...offsets };
                      const text = e.target.value.trim();
                      if (text === '') delete next[key];
                      else next[key] = Number(text);
                      onChange(formatPerPartition(next) ?? (text === '' ? null : `${key}=${text}`));
                    }}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {partitions.length > shown.length && (
        <p className="hint">
          The first {MAX_PARTITION_INPUTS} of {partitions.length} partitions; choose a topic in the scope to see the others.
        </p>
      )}
    </fieldset>
  );
}

const MAX_PARTITION_INPUTS = 200;

function ReprocessingNote({ estimate }: { estimate: Plan['reprocessing'] }) {
  if (estimate.recordsReprocessed === 0) return null;
  if (estimate.estimatedMs === null || estimate.consumedPerSecond === null)
    return (
      <p className="muted" data-testid="reprocessing-estimate">
        No reprocessing time estimate: the console has not seen this group consume yet (it measures the rate between two looks at the
        group&apos;s page while it runs).
      </p>
    );
  return (
    <p data-testid="reprocessing-estimate">
      Reprocessing takes roughly {formatDuration(Math.max(estimate.estimatedMs, 1_000))} at{' '}
      {estimate.consumedPerSecond.toLocaleString(undefined, { maximumFractionDigits: 1 })} records/s, the rate this group was last seen
      consuming at{estimate.rateMeasuredAtMs !== null ? ` (${new Date(estimate.rateMeasuredAtMs).toISOString().slice(0, 19)}Z)` : ''}.
    </p>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  const reprocessed = plan.partitions.reduce((sum, p) => sum + p.recordsReprocessed, 0);
  const skipped = plan.partitions.reduce((sum, p) => sum + p.recordsSkipped, 0);
  return (
    <section className="panel" data-testid="reset-preview">
      <h2 style={{ marginTop: 0 }}>Preview (dry run)</h2>
      {plan.members.length > 0 && (
        <div className="error" role="alert" data-testid="reset-refused">
          The group has {plan.members.length} active member(s): {plan.members.map((m) => `${m.clientId} on ${m.clientHost}`).join(', ')}.
          Stop them first; the reset is offered again once the group is empty.
        </div>
      )}
      <p>
        {reprocessed.toLocaleString()} records will be reprocessed, {skipped.toLocaleString()} skipped.
      </p>
      <ReprocessingNote estimate={plan.reprocessing} />
      <table>
        <thead>
          <tr>
            <th>Topic</th>
            <th className="num">Partition</th>
            <th className="num">Offset now → new</th>
            <th className="num">Lag before → after</th>
            <th className="num">Reprocessed</th>
            <th className="num">Skipped</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {plan.partitions.map((p) => (
            <tr key={`${p.topic}/${p.partition}`} data-testid="reset-partition">
              <td className="mono">{p.topic}</td>
              <td className="num">{p.partition}</td>
              <td className="num">
                <span className="diff-old">{p.currentOffset ?? 'none'}</span> → <span className="diff-new">{p.newOffset}</span>
              </td>
              <td className="num">
                {p.lagBefore ?? '—'} → {p.lagAfter}
              </td>
              <td className="num">{p.recordsReprocessed}</td>
              <td className="num">{p.recordsSkipped}</td>
              <td className="muted">
                {[p.clamped ? `clamped to [${p.logStartOffset}, ${p.endOffset}]` : null, p.note].filter(Boolean).join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">The same with Kafka&apos;s tool (add --execute to apply):</p>
      <pre className="mono" data-testid="reset-command" style={{ whiteSpace: 'pre-wrap' }}>
        {plan.commandLine}
      </pre>
      {plan.commandFile !== null && (
        <>
          <p className="hint">with offsets.csv:</p>
          <pre className="mono" data-testid="reset-command-file">
            {plan.commandFile}
          </pre>
        </>
      )}
    </section>
  );
}
