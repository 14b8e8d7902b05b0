'use client';
// Cluster overview: brokers, controller, topic and partition counts, total size, in-rates (out: not available),
// and the groups furthest behind (lag history).
import { useQuery } from '@tanstack/react-query';
import { useClusterId } from '../components/cluster-context.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { formatBytes } from '../components/format-bytes.ts';
import { WorstGroups } from '../components/lag-history-panels.tsx';
import { useTRPC } from '../trpc-provider.tsx';

export default function OverviewPage() {
  const trpc = useTRPC();
  const { clusterId } = useClusterId();
  const overview = useQuery({ ...trpc.clusters.overview.queryOptions({ clusterId }), refetchInterval: 10_000 });
  const data = overview.data;
  return (
    <>
      <h1>Cluster overview</h1>
      <ErrorBox error={overview.error} />
      {overview.isLoading && <p className="muted">Loading…</p>}
      {data && (
        <>
          <div className="cards">
            <Card label="Brokers" value={String(data.brokers.length)} />
            <Card label="Controller" value={`#${data.controllerId}`} />
            <Card label="Topics" value={data.topicCount.toLocaleString()} />
            <Card label="Partitions" value={data.partitionCount.toLocaleString()} />
            <Card
              label="Total size"
              value={data.totalSizeBytes === null ? '—' : formatBytes(data.totalSizeBytes)}
              note={data.totalSizeUnavailableReason ?? 'On disk, every replica (DescribeLogDirs).'}
            />
            <Card
              label="In-rate"
              value={data.throughput.recordsInPerSecond === null ? '—' : `${formatRate(data.throughput.recordsInPerSecond)} rec/s`}
              note={data.throughputNote}
            />
            <Card
              label="Bytes in"
              value={data.throughput.bytesInPerSecond === null ? '—' : `${formatBytes(data.throughput.bytesInPerSecond)}/s`}
              note={data.totalSizeBytes === null ? 'Not available: needs DescribeLogDirs.' : 'From the growth of the total size.'}
            />
            <Card label="Bytes out" value="—" note={data.bytesOutUnavailableReason} />
          </div>
          <WorstGroups clusterId={clusterId} />
          <h2>Brokers</h2>
          <table>
            <thead>
              <tr>
                <th>Node</th>
                <th>Host</th>
                <th className="num">Port</th>
                <th>Rack</th>
                <th>Role</th>
              </tr>
            </thead>
            <tbody>
              {data.brokers.map((broker) => (
                <tr key={broker.nodeId} data-testid="broker-row">
                  <td>{broker.nodeId}</td>
                  <td className="mono">{broker.host}</td>
                  <td className="num">{broker.port}</td>
                  <td>{broker.rack ?? '—'}</td>
                  <td>{broker.nodeId === data.controllerId ? 'controller' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            Kafka cluster id <span className="mono">{data.kafkaClusterId}</span> · updated {new Date(data.fetchedAtMs).toLocaleTimeString()}
          </p>
        </>
      )}
    </>
  );
}

function formatRate(perSecond: number): string {
  return perSecond >= 100 ? Math.round(perSecond).toLocaleString() : perSecond.toFixed(1);
}

function Card({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {note && <div className="note">{note}</div>}
    </div>
  );
}
