'use client';
// One consumer group: members with their assignments, and per partition the committed offset, log start and
// end, lag, exact time lag and commit metadata, summed per topic. Edge cases are words, never a lag of 0.
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { ReactNode } from 'react';
import type { AppRouter } from '../../../../server/api/root.ts';
import { useClusterId } from '../../../components/cluster-context.tsx';
import { ErrorBox } from '../../../components/error-box.tsx';
import { formatDuration } from '../../../components/format-duration.ts';
import { groupHref } from '../../../components/group-href.ts';
import { GroupLagHistory } from '../../../components/lag-history-panels.tsx';
import { newReplayHref } from '../../../components/replay-href.ts';
import { topicHref } from '../../../components/topic-href.ts';
import { useTRPC } from '../../../trpc-provider.tsx';
import { statusClass } from '../groups-table.tsx';
import { protocolLabel } from '../protocol-label.ts';

type Group = inferRouterOutputs<AppRouter>['groups']['get'];
type Partition = Group['topics'][number]['partitions'][number];

export default function GroupPage() {
  const groupId = decodeURIComponent(useParams<{ group: string }>().group);
  const { clusterId } = useClusterId();
  const trpc = useTRPC();
  const group = useQuery({ ...trpc.groups.get.queryOptions({ clusterId, groupId }), refetchInterval: 10_000 });
  const data = group.data;
  return (
    <>
      <p className="muted" style={{ margin: '0 0 4px' }}>
        <Link href={clusterId === 'built-in' ? '/groups' : `/groups?cluster=${encodeURIComponent(clusterId)}`}>Consumer groups</Link> /
      </p>
      <h1 className="mono" style={{ fontSize: 22 }}>
        {groupId}
      </h1>
      <ErrorBox error={group.error} />
      {group.isPending && <p className="muted">Loading…</p>}
      {data && (
        <>
          <div className="cards">
            <Card label="State" value={data.state} note={protocolLabel(data) ?? 'no members ever joined'} />
            <Card label="Status" value={<span className={`badge ${statusClass[data.status] ?? ''}`}>{data.status}</span>} />
            <Card
              label="Lag"
              value={data.lag.toLocaleString()}
              note={data.edgeCases > 0 ? `records; ${data.edgeCases} partitions not measurable` : 'records'}
            />
            <Card label="Time lag" value={formatDuration(data.timeLagMs)} note="worst partition" />
            <Card
              label="Catching up"
              value={<span data-testid="catch-up">{catchUpWords(data.catchUp)}</span>}
              note={rateNote(data.consumption)}
            />
            <Card label="Members" value={String(data.members.length)} />
          </div>
          <p>
            <Link href={groupHref(groupId, clusterId, 'reset')}>Reset offsets…</Link>
          </p>
          <GroupLagHistory clusterId={clusterId} groupId={groupId} />
          <h2>Members</h2>
          {data.members.length === 0 ? (
            <p className="muted" data-testid="no-members">
              No active members: the group is not consuming now.
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Member id</th>
                  <th>Group instance id</th>
                  <th>Client id</th>
                  <th>Host</th>
                  <th>Assigned partitions</th>
                </tr>
              </thead>
              <tbody>
                {data.members.map((member) => (
                  <tr key={member.memberId} data-testid="group-member">
                    <td className="mono">{member.memberId}</td>
                    <td className="mono">{member.groupInstanceId ?? <span className="muted">—</span>}</td>
                    <td className="mono">{member.clientId}</td>
                    <td className="mono">{member.clientHost}</td>
                    <td className="mono">
                      {member.assignments.map((a) => `${a.topic} [${a.partitions.join(', ')}]`).join('; ') || (
                        <span className="muted">none</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Offsets and lag</h2>
          {data.topics.length === 0 && <p className="muted">The group has no committed offsets and no assignment.</p>}
          {data.topics.map((topic) => (
            <section key={topic.topic} className="panel" data-testid="group-topic">
              <h3 className="mono" style={{ marginTop: 0 }}>
                <Link href={topicHref(topic.topic, clusterId)}>{topic.topic}</Link>{' '}
                <span className="hint">
                  lag {topic.lag.toLocaleString()} records, time lag {formatDuration(topic.timeLagMs)}
                  {topic.edgeCases > 0 ? `, ${topic.edgeCases} partitions not measurable` : ''}
                </span>{' '}
                <Link className="hint" href={newReplayHref(clusterId, { topic: topic.topic })}>
                  Replay…
                </Link>
              </h3>
              <table>
                <thead>
                  <tr>
                    <th className="num">Partition</th>
                    <th className="num">Log start</th>
                    <th className="num">Committed</th>
                    <th className="num">End</th>
                    <th className="num" title="Last stable offset: READ_COMMITTED consumers read only below it">
                      Last stable
                    </th>
                    <th className="num">Lag</th>
                    <th className="num">Time lag</th>
                    <th>Member</th>
                    <th>Commit metadata</th>
                  </tr>
                </thead>
                <tbody>
                  {topic.partitions.map((partition) => (
                    <tr key={partition.partition} data-testid="group-partition">
                      <td className="num">{partition.partition}</td>
                      <td className="num">{partition.logStartOffset ?? '—'}</td>
                      <td className="num">{partition.committedOffset ?? '—'}</td>
                      <td className="num">{partition.endOffset ?? '—'}</td>
                      <td className="num" data-testid="last-stable">
                        {partition.lastStableOffset ?? '—'}
                      </td>
                      <td className="num">
                        <LagCell partition={partition} />
                        {partition.stableLag !== null && partition.stableLag !== partition.lag && (
                          <div className="hint" data-testid="stable-lag">
                            READ_COMMITTED: {partition.stableLag.toLocaleString()}
                          </div>
                        )}
                      </td>
                      <td className="num" title={timeLagTitle(partition)}>
                        <TimeLagCell partition={partition} />
                      </td>
                      <td className="mono">
                        {partition.memberId ? (
                          (data.members.find((m) => m.memberId === partition.memberId)?.clientId ?? partition.memberId)
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td className="mono">{partition.metadata || <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </>
  );
}

function LagCell({ partition }: { partition: Partition }) {
  switch (partition.kind) {
    case 'ok':
      return <>{partition.lag?.toLocaleString()}</>;
    case 'noCommit':
      return <span className="mark">no committed offset</span>;
    case 'belowLogStart':
      return (
        <span
          className="mark offline"
          title={`Committed offset ${partition.committedOffset} is below the log start ${partition.logStartOffset}`}
        >
          {partition.lostRecords?.toLocaleString()} records lost to retention; {partition.lag?.toLocaleString()} left
        </span>
      );
    case 'aboveEnd':
      return <span className="mark offline">committed past the end</span>;
    default:
      return <span className="mark">no offsets from the cluster</span>;
  }
}

function TimeLagCell({ partition }: { partition: Partition }) {
  switch (partition.timeLagKind) {
    case 'noCommit':
      return <span className="muted">no committed offset to measure from</span>;
    case 'aboveEnd':
      return <span className="muted">no record at the commit (past the end)</span>;
    case 'unknownEnd':
      return <span className="muted">—</span>;
    case 'estimated':
      return (
        <>
          ≈ {formatDuration(partition.timeLagMs)}
          <span className="muted" data-testid="time-lag-estimated">
            {' '}
            (estimate: record at the commit is gone)
          </span>
        </>
      );
    case 'fromLogStart':
      return (
        <>
          ≥ {formatDuration(partition.timeLagMs)}
          <span className="muted"> (record at the commit is gone: from log start)</span>
        </>
      );
    default:
      return <>{formatDuration(partition.timeLagMs)}</>;
  }
}

function catchUpWords(catchUp: Group['catchUp']): string {
  switch (catchUp.kind) {
    case 'caughtUp':
      return 'caught up';
    case 'catchingUp':
      return `catches up in about ${formatDuration(Math.max(catchUp.etaMs, 1_000))}`;
    case 'fallingBehind':
      return 'falling behind';
    case 'notConsuming':
      return 'not consuming';
    default:
      return 'measuring…';
  }
}

function rateNote(rate: Group['consumption']): string {
  if (!rate) return 'rate needs two looks, 5 s apart';
  const perSecond = (value: number) => value.toLocaleString(undefined, { maximumFractionDigits: 1 });
  return `${perSecond(rate.consumedPerSecond)} consumed/s, ${perSecond(rate.producedPerSecond)} produced/s over ${Math.round(rate.windowSeconds)} s`;
}

function timeLagTitle(partition: Partition): string {
  if (partition.timeLagKind === 'measured') return 'now − timestamp of the record at the committed offset';
  if (partition.timeLagKind === 'estimated')
    return 'now − when the committed record was written, interpolated from the sampled end offsets (the record is gone)';
  if (partition.timeLagKind === 'fromLogStart')
    return 'at least now − timestamp of the oldest record kept (the committed one is gone, and the lag history does not reach back to it)';
  if (partition.timeLagKind === 'caughtUp') return 'nothing left to read';
  if (partition.timeLagKind === 'noCommit') return 'the group never committed here: no first unconsumed record';
  if (partition.timeLagKind === 'aboveEnd') return 'the commit is past the end offset: the consumer will reset';
  return 'unknown: the record at the committed offset could not be read';
}

function Card({ label, value, note }: { label: string; value: ReactNode; note?: string }) {
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {note && <div className="note">{note}</div>}
    </div>
  );
}
