'use client';
// /replays: the cluster's replay jobs, newest first, paged on the server; the status and topic filters and the
// page live in the address (status, topic, page). Refreshed while open, since running jobs move.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Suspense } from 'react';
import { replayStatuses, type ReplayStatus } from '@/domain/replay.ts';
import { useClusterId } from '../../components/cluster-context.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import { formatAgo, isoTime } from '../../components/format-time.ts';
import { Pager } from '../../components/pager.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { useQueryState } from '../../components/query-state.ts';
import { newReplayHref, replayHref } from '../../components/replay-href.ts';
import { topicHref } from '../../components/topic-href.ts';
import { useTRPC } from '../../trpc-provider.tsx';
import { replayFraction, replayStatusClass, replayStatusLabels } from './replay-status.ts';

export default function ReplaysPage() {
  return (
    <>
      <h1>Replays</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <ReplaysTable />
      </Suspense>
    </>
  );
}

function ReplaysTable() {
  const trpc = useTRPC();
  const { clusterId } = useClusterId();
  const { params, update } = useQueryState();
  const statusParam = params.get('status') ?? '';
  const status = (replayStatuses as readonly string[]).includes(statusParam) ? (statusParam as ReplayStatus) : undefined;
  const topic = params.get('topic') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const replays = useQuery({
    ...trpc.replays.list.queryOptions({ clusterId, status, topic: topic || undefined, page }),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
  const data = replays.data;
  const total = data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / (data?.pageSize ?? 50)));
  const applyTopic = (text: string) => {
    if (text.trim() !== topic) update({ topic: text.trim(), page: null });
  };
  return (
    <>
      <div className="toolbar">
        <select value={status ?? ''} onChange={(event) => update({ status: event.target.value, page: null })} aria-label="Status">
          <option value="">Any status</option>
          {replayStatuses.map((candidate) => (
            <option key={candidate} value={candidate}>
              {replayStatusLabels[candidate]}
            </option>
          ))}
        </select>
        <input
          key={topic}
          type="search"
          placeholder="Source or target topic"
          aria-label="Topic"
          defaultValue={topic}
          onBlur={(event) => applyTopic(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') applyTopic(event.currentTarget.value);
          }}
        />
        <span className="muted" data-testid="replay-count">
          {total.toLocaleString()} {total === 1 ? 'replay' : 'replays'}
        </span>
        {replays.isFetching && <span className="muted">Loading…</span>}
        <div style={{ flex: 1 }} />
        <Link className="button" href={newReplayHref(clusterId, topic ? { topic } : {})}>
          New replay
        </Link>
      </div>
      <ErrorBox error={replays.error} />
      <table>
        <thead>
          <tr>
            <th>Replay</th>
            <th>Status</th>
            <th>Source → target</th>
            <th style={{ width: 220 }}>Progress</th>
            <th>Requested by</th>
            <th>Planned</th>
            <th>Finished</th>
          </tr>
        </thead>
        <tbody>
          {data?.rows.map((replay) => (
            <tr key={replay.id} data-testid="replay-row">
              <td className="mono">
                <Link href={replayHref(replay.id, clusterId)}>{replay.id}</Link>
              </td>
              <td>
                <span className={`badge ${replayStatusClass[replay.status]}`}>{replayStatusLabels[replay.status]}</span>
                {replay.lastError && replay.status === 'running' && (
                  <div className="hint" title={replay.lastError}>
                    retrying after an error
                  </div>
                )}
              </td>
              <td className="mono">
                <Link href={topicHref(replay.sourceTopic, clusterId)}>{replay.sourceTopic}</Link> →{' '}
                <Link href={topicHref(replay.targetTopic, clusterId)}>{replay.targetTopic}</Link>
              </td>
              <td>
                <ProgressBar
                  fraction={replayFraction(replay.status, replay.recordsRead, replay.totalRecords)}
                  label={`Progress of replay ${replay.id}`}
                />
                <div className="hint">
                  {replay.recordsWritten.toLocaleString()} copied, {replay.recordsRead.toLocaleString()} of{' '}
                  {replay.totalRecords.toLocaleString()} read
                </div>
              </td>
              <td>
                {replay.requestedByName}
                {replay.approvedByName && <div className="hint">approved by {replay.approvedByName}</div>}
              </td>
              <td title={isoTime(replay.createdAt.getTime())}>{formatAgo(replay.createdAt.getTime())}</td>
              <td title={isoTime(replay.finishedAt?.getTime() ?? null)}>{formatAgo(replay.finishedAt?.getTime() ?? null)}</td>
            </tr>
          ))}
          {data && data.rows.length === 0 && (
            <tr>
              <td colSpan={7} className="muted" data-testid="replays-empty">
                No replays{status ? ` ${replayStatusLabels[status]}` : ''}
                {topic ? ` from or into ${topic}` : ''} on this cluster yet. A replay copies a range of a topic&apos;s records into a topic;
                start one with <Link href={newReplayHref(clusterId, topic ? { topic } : {})}>New replay</Link>.
              </td>
            </tr>
          )}
          {!data && replays.isPending && (
            <tr>
              <td colSpan={7} className="muted">
                Loading replays…
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager page={page} pageCount={pageCount} update={update} />
    </>
  );
}
