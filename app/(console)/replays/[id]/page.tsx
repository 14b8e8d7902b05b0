'use client';
// /replays/<id>: one replay job. Its status in words (why it waits, retries or stopped), progress (records,
// bytes, rate, ETA, a bar and the position per partition), polled every second while it can still move; the
// changes the viewer may make; the plan and settings it was started with; and its audit records.
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { hasRole, type Role } from '@/domain/roles.ts';
import { isFinalReplayStatus } from '@/domain/replay.ts';
import type { AppRouter } from '../../../../server/api/root.ts';
import { useClusterId } from '../../../components/cluster-context.tsx';
import { ErrorBox } from '../../../components/error-box.tsx';
import { formatBytes } from '../../../components/format-bytes.ts';
import { formatDuration } from '../../../components/format-duration.ts';
import { formatAgo, isoTime } from '../../../components/format-time.ts';
import { ProgressBar } from '../../../components/progress-bar.tsx';
import { replaysHref } from '../../../components/replay-href.ts';
import { topicHref } from '../../../components/topic-href.ts';
import { useTRPC } from '../../../trpc-provider.tsx';
import { ApproveReplayDialog, CancelReplayDialog, PauseResumeButton, StartReplayDialog } from '../replay-actions.tsx';
import { ReplayPlanView } from '../replay-plan-view.tsx';
import { replayFraction, replayStatusClass, replayStatusLabels } from '../replay-status.ts';

type Replay = inferRouterOutputs<AppRouter>['replays']['get'];

export default function ReplayPage() {
  const id = decodeURIComponent(useParams<{ id: string }>().id);
  const trpc = useTRPC();
  const { clusterId } = useClusterId();
  const me = useQuery(trpc.session.me.queryOptions());
  const replay = useQuery({
    ...trpc.replays.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data && isFinalReplayStatus(query.state.data.status) ? false : 1_000),
  });
  const data = replay.data;
  return (
    <>
      <p className="muted" style={{ margin: '0 0 4px' }}>
        <Link href={replaysHref(clusterId)}>Replays</Link> /
      </p>
      <h1>
        Replay <span className="mono">{id}</span>{' '}
        {data && (
          <span className={`badge ${replayStatusClass[data.status]}`} data-testid="replay-status">
            {replayStatusLabels[data.status]}
          </span>
        )}
      </h1>
      <ErrorBox error={replay.error ?? me.error} />
      {replay.isPending && <p className="muted">Loading the replay…</p>}
      {data && me.data && <ReplayView replay={data} role={me.data.role} />}
    </>
  );
}

function ReplayView({ replay, role }: { replay: Replay; role: Role }) {
  const { clusterId } = replay;
  return (
    <>
      <p>
        From <Link href={topicHref(replay.sourceTopic, clusterId)}>{replay.sourceTopic}</Link> into{' '}
        <Link href={topicHref(replay.targetTopic, clusterId)}>{replay.targetTopic}</Link>
        <span className="muted">
          {' '}
          · requested by {replay.requestedByName}
          {replay.approvedByName && `, approved by ${replay.approvedByName}`} · planned{' '}
          <span title={isoTime(replay.createdAt.getTime())}>{formatAgo(replay.createdAt.getTime())}</span>
          {replay.clusterId !== 'built-in' && ` · cluster ${replay.clusterId}`}
        </span>
      </p>
      <StatusWords replay={replay} />
      <Controls replay={replay} role={role} />
      <Progress replay={replay} />
      <ReplayPlanView plan={replay.plan} sourceTopic={replay.sourceTopic} targetTopic={replay.targetTopic} settings={replay.settings} />
      {hasRole(role, 'operator') ? (
        <p>
          <Link href={`/audit?resource=${encodeURIComponent(replay.id)}`} data-testid="replay-audit-link">
            Audit records of this replay
          </Link>{' '}
          <span className="muted">(plan, start, approval, pause, resume, cancel, finish, interruptions)</span>
        </p>
      ) : (
        <p className="muted">Operators see this replay&apos;s audit records in the audit log.</p>
      )}
    </>
  );
}

/** What the replay is doing or why it stopped, as words. */
function StatusWords({ replay }: { replay: Replay }) {
  const written = replay.progress?.recordsWritten ?? 0;
  const bytes = replay.progress?.bytesWritten ?? 0;
  const counts = `${written.toLocaleString()} records (${formatBytes(bytes)})`;
  const took =
    replay.startedAt && replay.finishedAt
      ? ` in ${formatDuration(Math.max(1_000, replay.finishedAt.getTime() - replay.startedAt.getTime()))}`
      : '';
  let words: ReactNode;
  let tone = '';
  switch (replay.status) {
    case 'planned':
      words = 'Planned: nothing is copied until it is started.';
      break;
    case 'awaiting_approval':
      words = `Waiting for an operator other than ${replay.requestedByName} to approve it (four eyes); nothing is copied until then.`;
      break;
    case 'running':
      words = replay.lastError
        ? `Retrying: the last attempt failed ${replay.lastErrorAt ? formatAgo(replay.lastErrorAt.getTime()) : ''} with “${replay.lastError}”. It resumes from where it stopped, copying nothing twice.`
        : `Copying; ${counts} copied so far.`;
      tone = replay.lastError ? 'failed' : '';
      break;
    case 'paused':
      words = `Paused after ${counts}; resume continues from the position below.`;
      break;
    case 'completed':
      words = `Finished: copied ${counts}${took}.`;
      tone = 'ok';
      break;
    case 'cancelled':
      words = `Cancelled after ${counts}; those records stay in ${replay.targetTopic}.`;
      break;
    case 'failed':
      words = `Stopped: ${replay.outcomeMessage ?? 'the replay failed'}. Copied ${counts} before it stopped.`;
      tone = 'failed';
      break;
  }
  return (
    <div className={tone ? `verdict ${tone}` : 'panel'} role="status" data-testid="replay-outcome">
      {words}
    </div>
  );
}

function Controls({ replay, role }: { replay: Replay; role: Role }) {
  const operator = hasRole(role, 'operator');
  const mayControl = operator || (role === 'member' && replay.requestedByCaller);
  const { status } = replay;
  if (isFinalReplayStatus(status)) return null;
  const written = replay.progress?.recordsWritten ?? 0;
  return (
    <div className="toolbar" data-testid="replay-controls">
      {status === 'planned' && mayControl && (
        <StartReplayDialog
          id={replay.id}
          approval={operator ? 'none' : 'maybe'}
          totalRecords={replay.plan.totalRecords}
          sourceTopic={replay.sourceTopic}
          targetTopic={replay.targetTopic}
        />
      )}
      {status === 'awaiting_approval' &&
        (operator && !replay.requestedByCaller ? (
          <ApproveReplayDialog id={replay.id} requestedBy={replay.requestedByName} targetTopic={replay.targetTopic} />
        ) : (
          <span className="muted">
            {replay.requestedByCaller ? 'You asked for it: another operator approves it.' : 'An operator approves it.'}
          </span>
        ))}
      {(status === 'running' || status === 'paused') && mayControl && <PauseResumeButton id={replay.id} paused={status === 'paused'} />}
      {mayControl && <CancelReplayDialog id={replay.id} recordsWritten={written} targetTopic={replay.targetTopic} />}
      {!mayControl && <span className="muted">Only {replay.requestedByName} or an operator can change this replay.</span>}
    </div>
  );
}

function Progress({ replay }: { replay: Replay }) {
  const { progress, plan, status } = replay;
  if (status === 'planned' || status === 'awaiting_approval') return null;
  const recordsRead = progress?.recordsRead ?? 0;
  const fraction = replayFraction(status, recordsRead, plan.totalRecords);
  const moving = status === 'running';
  const positions = new Map((progress?.partitions ?? []).map((partition) => [partition.partition, partition]));
  return (
    <section className="panel" data-testid="replay-progress">
      <h2 style={{ marginTop: 0 }}>Progress</h2>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
        <div style={{ flex: 1 }}>
          <ProgressBar fraction={fraction} label="Replay progress" testId="replay-progress-bar" />
        </div>
        <strong data-testid="replay-percent">{Math.floor(fraction * 100)}%</strong>
      </div>
      <div className="cards" style={{ marginTop: 12 }}>
        <Card
          label="Records copied"
          value={(progress?.recordsWritten ?? 0).toLocaleString()}
          note={`of at most ${plan.totalRecords.toLocaleString()}`}
          testId="replay-records"
        />
        <Card label="Offsets passed" value={recordsRead.toLocaleString()} note="copied or filtered out" />
        <Card label="Bytes written" value={formatBytes(progress?.bytesWritten ?? 0)} />
        <Card
          label="Rate"
          value={moving ? `${Math.round(progress?.recordsPerSecond ?? 0).toLocaleString()}/s` : '—'}
          note={moving ? `${formatBytes(Math.round(progress?.bytesPerSecond ?? 0))}/s` : 'not running'}
        />
        <Card
          label="Time left"
          value={moving ? (progress?.etaSeconds != null ? formatDuration(progress.etaSeconds * 1000) : 'unknown') : '—'}
          note={moving ? 'at the current rate' : undefined}
        />
      </div>
      <table>
        <thead>
          <tr>
            <th className="num">Partition</th>
            <th className="num">From</th>
            <th className="num">Position</th>
            <th className="num">To (excl.)</th>
            <th style={{ width: 200 }}>Done</th>
            <th className="num">Records copied</th>
            <th className="num">Bytes</th>
          </tr>
        </thead>
        <tbody>
          {plan.partitions.slice(0, 500).map((planned) => {
            const at = positions.get(planned.partition);
            const position = at?.position ?? planned.startOffset;
            const span = planned.endOffset - planned.startOffset;
            const done = status === 'completed' || span === 0 ? 1 : (position - planned.startOffset) / span;
            return (
              <tr key={planned.partition} data-testid="replay-partition">
                <td className="num">{planned.partition}</td>
                <td className="num">{planned.startOffset.toLocaleString()}</td>
                <td className="num">{position.toLocaleString()}</td>
                <td className="num">{planned.endOffset.toLocaleString()}</td>
                <td>
                  <ProgressBar fraction={done} label={`Partition ${planned.partition} progress`} />
                </td>
                <td className="num">{(at?.recordsWritten ?? 0).toLocaleString()}</td>
                <td className="num">{formatBytes(at?.bytesWritten ?? 0)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {progress && (
        <p className="hint">
          Progress recorded <span title={isoTime(progress.updatedAtMs)}>{formatAgo(progress.updatedAtMs)}</span>
          {replay.activeHere ? '; copying in this console process.' : '.'}
        </p>
      )}
    </section>
  );
}

function Card({ label, value, note, testId }: { label: string; value: string; note?: string; testId?: string }) {
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value" data-testid={testId}>
        {value}
      </div>
      {note && <div className="note">{note}</div>}
    </div>
  );
}
