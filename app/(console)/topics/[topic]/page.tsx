'use client';
// A topic's overview: what it holds and how it is laid out. Per partition: leader, replicas, ISR, offsets,
// records, size and last record time, with marks in words; for several brokers, a broker-by-partition grid.
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root.ts';
import Link from 'next/link';
import { hasRole } from '@/domain/roles.ts';
import { useClusterId } from '../../../components/cluster-context.tsx';
import { describeWithUnit, durationUnits, sizeUnits } from '../../../components/config-units.ts';
import { ErrorBox } from '../../../components/error-box.tsx';
import { formatBytes } from '../../../components/format-bytes.ts';
import { formatAgo, isoTime } from '../../../components/format-time.ts';
import { TopicLagHistory } from '../../../components/lag-history-panels.tsx';
import { newReplayHref } from '../../../components/replay-href.ts';
import { topicHref } from '../../../components/topic-href.ts';
import { useTRPC } from '../../../trpc-provider.tsx';
import { AddPartitionsDialog, DeleteTopicDialog } from './topic-actions.tsx';
import { ChangeRequestDialog } from './change-request-dialog.tsx';
import { useTopicName } from './use-topic-name.ts';

export default function TopicOverviewPage() {
  const trpc = useTRPC();
  const name = useTopicName();
  const { clusterId } = useClusterId();
  const topic = useQuery({ ...trpc.topics.get.queryOptions({ clusterId, name }), refetchInterval: 10_000 });
  const me = useQuery(trpc.session.me.queryOptions());
  // Members change their team's topics through requests; the server checks the topic is their team's.
  const mayRequest = me.data ? hasRole(me.data.role, 'member') : false;
  const data = topic.data;
  if (topic.isLoading) return <p className="muted">Loading the partition layout…</p>;
  if (!data) return <ErrorBox error={topic.error} />;
  const multiBroker = data.brokers.length > 1;
  return (
    <>
      <ErrorBox error={topic.error} />
      <div className="cards">
        <Card label="Partitions" value={String(data.partitions.length)} note={`Replication factor ${data.replicationFactor}`} />
        <Card label="Records" value={data.totals.records.toLocaleString()} note="End offset − log start offset, summed" />
        <Card
          label="Size on disk"
          value={data.totals.sizeBytes === null ? '—' : formatBytes(data.totals.sizeBytes)}
          note={data.sizeUnavailableReason ?? 'Every replica on every broker'}
        />
        <Card
          label="Retention"
          value={retentionWords(data.retention)}
          note={`cleanup.policy=${data.retention.cleanupPolicy ?? '?'}`}
          link={topicHref(name, clusterId, 'configs')}
        />
        <Card
          label="Owning team"
          value={data.owningTeam ?? '—'}
          note={data.owningTeam ? 'By topic-name prefix' : 'No team prefix matches'}
        />
        <Card
          label="Health"
          value={
            data.totals.offline > 0
              ? `${data.totals.offline} offline`
              : data.totals.underReplicated > 0
                ? `${data.totals.underReplicated} under-replicated`
                : 'All in sync'
          }
          note={
            data.totals.offline > 0 || data.totals.underReplicated > 0
              ? 'See the marks below'
              : 'Every partition has a leader and a full ISR'
          }
          tone={data.totals.offline > 0 ? 'danger' : data.totals.underReplicated > 0 ? 'warn' : 'ok'}
        />
      </div>
      <div className="toolbar">
        {mayRequest && (
          <ChangeRequestDialog clusterId={clusterId} topic={name} partitions={data.partitions.length} retention={data.retention} />
        )}
        <AddPartitionsDialog
          clusterId={clusterId}
          topic={name}
          partitions={data.partitions.length}
          records={data.totals.records}
          sizeBytes={data.totals.sizeBytes}
        />
        <DeleteTopicDialog
          clusterId={clusterId}
          topic={name}
          partitions={data.partitions.length}
          records={data.totals.records}
          sizeBytes={data.totals.sizeBytes}
        />
        <Link className="button secondary" href={newReplayHref(clusterId, { topic: name })}>
          Replay…
        </Link>
        <span className="muted">Read {formatAgo(data.fetchedAtMs)}; refreshes every 10 s.</span>
      </div>
      <h2>Partitions</h2>
      <table aria-label="Partitions">
        <thead>
          <tr>
            <th className="num">Partition</th>
            <th className="num">Leader</th>
            <th>Replicas</th>
            <th>In-sync replicas</th>
            <th className="num">Log start</th>
            <th className="num">End offset</th>
            <th className="num">Records</th>
            <th className="num">Size</th>
            <th>Last record</th>
            <th>Marks</th>
          </tr>
        </thead>
        <tbody>
          {data.partitions.map((partition) => (
            <tr key={partition.partition}>
              <td className="num">{partition.partition}</td>
              <td className="num">{partition.leader < 0 ? 'none' : partition.leader}</td>
              <td className="mono">{partition.replicas.join(', ')}</td>
              <td className="mono">{partition.isr.join(', ') || '—'}</td>
              <td className="num">{partition.logStartOffset?.toLocaleString() ?? '—'}</td>
              <td className="num" data-testid={`end-offset-${partition.partition}`}>
                {partition.endOffset?.toLocaleString() ?? '—'}
              </td>
              <td className="num">{partition.records?.toLocaleString() ?? '—'}</td>
              <td className="num">{partition.sizeBytes === null ? '—' : formatBytes(partition.sizeBytes)}</td>
              <td title={isoTime(partition.lastRecordTimestampMs) ?? data.lastRecordTimestampUnavailableReason ?? undefined}>
                {formatAgo(partition.lastRecordTimestampMs)}
              </td>
              <td>
                {partition.marks.map((mark) => (
                  <span key={mark} className={`mark ${mark.replace(' ', '-')}`}>
                    {mark}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {multiBroker && <BrokerGrid data={data} />}
      <p className="muted" style={{ marginTop: 12 }}>
        Browse its records on the <Link href={topicHref(name, clusterId, 'messages')}>Messages</Link> tab.
      </p>
      <TopicLagHistory clusterId={clusterId} topic={name} />
    </>
  );
}

type TopicData = inferRouterOutputs<AppRouter>['topics']['get'];

function BrokerGrid({ data }: { data: TopicData }) {
  return (
    <>
      <h2>Placement by broker</h2>
      <p className="muted" style={{ marginTop: 0 }}>
        L: leader, F: follower in sync, <span style={{ color: 'var(--warn)' }}>F!</span>: follower out of sync.
      </p>
      <div style={{ overflowX: 'auto' }}>
        <table aria-label="Placement by broker">
          <thead>
            <tr>
              <th>Broker</th>
              {data.partitions.map((partition) => (
                <th key={partition.partition} className="grid-cell">
                  P{partition.partition}
                </th>
              ))}
              <th className="num">Leaders</th>
              <th className="num">Replicas</th>
            </tr>
          </thead>
          <tbody>
            {data.brokerLoads.map((load) => (
              <tr key={load.brokerId}>
                <td>
                  #{load.brokerId}
                  {load.leaderSkew && (
                    <span className="mark leader-skew" style={{ marginLeft: 6 }}>
                      leads too many
                    </span>
                  )}
                </td>
                {data.partitions.map((partition) => {
                  const role =
                    partition.leader === load.brokerId
                      ? 'leader'
                      : partition.replicas.includes(load.brokerId)
                        ? partition.isr.includes(load.brokerId)
                          ? 'follower'
                          : 'out-of-sync'
                        : null;
                  return (
                    <td
                      key={partition.partition}
                      className={`grid-cell ${role ?? ''}`}
                      title={role ? `${role} of partition ${partition.partition}` : undefined}
                    >
                      {role === 'leader' ? 'L' : role === 'follower' ? 'F' : role === 'out-of-sync' ? 'F!' : ''}
                    </td>
                  );
                })}
                <td className="num">{load.leaders}</td>
                <td className="num">{load.replicas}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function retentionWords(retention: { retentionMs: string | null; retentionBytes: string | null; cleanupPolicy: string | null }): string {
  if (retention.cleanupPolicy === 'compact') return 'Latest per key';
  const time = retention.retentionMs === '-1' ? 'forever' : describeWithUnit(retention.retentionMs, durationUnits);
  const size =
    retention.retentionBytes === null || retention.retentionBytes === '-1' ? null : describeWithUnit(retention.retentionBytes, sizeUnits);
  return size ? `${time} or ${size}/partition` : time;
}

function Card({
  label,
  value,
  note,
  link,
  tone,
}: {
  label: string;
  value: string;
  note?: string;
  link?: string;
  tone?: 'ok' | 'warn' | 'danger';
}) {
  const color = tone === 'danger' ? 'var(--danger)' : tone === 'warn' ? 'var(--warn)' : undefined;
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value" style={{ color, fontSize: value.length > 14 ? 17 : undefined }}>
        {link ? <Link href={link}>{value}</Link> : value}
      </div>
      {note && <div className="note">{note}</div>}
    </div>
  );
}
