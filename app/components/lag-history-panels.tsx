'use client';
// The lag history on the group page, the topic page and the overview: charts over the range in the address,
// refreshed live, with gaps said in words and empty or error states that say why.
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { AppRouter } from '../../server/api/root.ts';
import { type LagRangeId, lagRanges } from '../../domain/lag-ranges.ts';
import { useTRPC } from '../trpc-provider.tsx';
import { ErrorBox } from './error-box.tsx';
import { formatBytes } from './format-bytes.ts';
import { formatDuration } from './format-duration.ts';
import { groupHref } from './group-href.ts';
import { LagRangePicker, useLagRange } from './lag-range-picker.tsx';
import { type ChartPoint, SERIES_COLORS, TimeSeriesChart } from './time-series-chart.tsx';

type Outputs = inferRouterOutputs<AppRouter>['lagHistory'];

/** Short ranges refresh at the sampling pace; long ones gain nothing from it. */
function refreshMsOf(range: LagRangeId): number {
  return lagRanges[range].durationMs <= 3_600_000 ? 5_000 : 60_000;
}

const formatRecords = (value: number) => `${Math.round(value).toLocaleString()} records`;
const formatRecordRate = (value: number) => `${value >= 100 ? Math.round(value).toLocaleString() : value.toFixed(1)} rec/s`;
const formatSeconds = (value: number) => formatDuration(value * 1_000);
const formatCount = (value: number) => Math.round(value).toLocaleString();

export function GroupLagHistory({ clusterId, groupId }: { clusterId: string; groupId: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useLagRange();
  const history = useQuery({
    ...trpc.lagHistory.getGroup.queryOptions({ clusterId, groupId, range }),
    refetchInterval: refreshMsOf(range),
  });
  const data = history.data;
  const points: ChartPoint[] = (data?.points ?? []).map((point) => ({
    atMs: point.at.getTime(),
    gap: point.gap,
    lag: point.lag,
    timeLagSeconds: point.timeLagMs === null ? null : point.timeLagMs / 1_000,
    consumed: point.consumedPerSecond,
    produced: point.producedPerSecond,
    ...Object.fromEntries(Object.entries(point.partitions).map(([key, lag]) => [`p:${key}`, lag])),
  }));
  return (
    <section data-testid="group-lag-history">
      <Header title="Lag over time" range={range} onRange={setRange} updatedAtMs={history.dataUpdatedAt} refreshMs={refreshMsOf(range)} />
      <ErrorBox error={history.error} />
      {history.isPending && <p className="muted">Loading the lag history…</p>}
      {data && points.length === 0 && <EmptyHistory what="this group" />}
      {data && points.length > 0 && (
        <>
          <div className="chart-grid">
            <ChartPanel title="Total lag" note="records, measurable partitions summed">
              <TimeSeriesChart
                testId="chart-total-lag"
                points={points}
                series={[{ key: 'lag', label: 'Lag', color: SERIES_COLORS[0] }]}
                formatValue={formatRecords}
                formatAxis={formatCount}
                fromMs={data.from.getTime()}
                toMs={data.to.getTime()}
              />
            </ChartPanel>
            <ChartPanel title="Time lag" note="worst partition: age of the first record not yet consumed">
              <TimeSeriesChart
                testId="chart-time-lag"
                points={points}
                series={[{ key: 'timeLagSeconds', label: 'Time lag', color: SERIES_COLORS[1] }]}
                formatValue={formatSeconds}
                fromMs={data.from.getTime()}
                toMs={data.to.getTime()}
              />
            </ChartPanel>
            <ChartPanel
              title="Lag per partition"
              note={
                data.partitionsLeftOut > 0
                  ? `the ${data.partitionKeys.length} largest; ${data.partitionsLeftOut} more not drawn`
                  : 'records'
              }
            >
              <TimeSeriesChart
                testId="chart-partition-lag"
                points={points}
                series={data.partitionKeys.map((key, index) => ({
                  key: `p:${key}`,
                  label: key,
                  color: SERIES_COLORS[index % SERIES_COLORS.length],
                }))}
                formatValue={formatRecords}
                formatAxis={formatCount}
                fromMs={data.from.getTime()}
                toMs={data.to.getTime()}
              />
            </ChartPanel>
            <ChartPanel
              title="Consumption vs production"
              note={`records/s: committed offsets vs end offsets of ${data.topics.join(', ') || 'its topics'}`}
            >
              <TimeSeriesChart
                testId="chart-rates"
                points={points}
                series={[
                  { key: 'consumed', label: 'Consumed', color: SERIES_COLORS[2] },
                  { key: 'produced', label: 'Produced', color: SERIES_COLORS[3] },
                ]}
                formatValue={formatRecordRate}
                fromMs={data.from.getTime()}
                toMs={data.to.getTime()}
              />
            </ChartPanel>
          </div>
          <GapList points={data.points} />
          <ResolutionNote resolution={data.resolution} stepMs={data.stepMs} />
        </>
      )}
    </section>
  );
}

export function TopicLagHistory({ clusterId, topic }: { clusterId: string; topic: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useLagRange();
  const history = useQuery({
    ...trpc.lagHistory.getTopic.queryOptions({ clusterId, topic, range }),
    refetchInterval: refreshMsOf(range),
  });
  const data = history.data;
  const points: ChartPoint[] = (data?.points ?? []).map((point) => ({
    atMs: point.at.getTime(),
    gap: point.gap,
    produced: point.producedPerSecond,
    sizeBytes: point.sizeBytes,
  }));
  return (
    <section data-testid="topic-lag-history">
      <Header title="Over time" range={range} onRange={setRange} updatedAtMs={history.dataUpdatedAt} refreshMs={refreshMsOf(range)} />
      <ErrorBox error={history.error} />
      {history.isPending && <p className="muted">Loading the topic history…</p>}
      {data && points.length === 0 && <EmptyHistory what="this topic" />}
      {data && points.length > 0 && (
        <>
          <div className="chart-grid">
            <ChartPanel title="Produce rate" note="records/s, from the growth of the end offsets">
              <TimeSeriesChart
                testId="chart-produce-rate"
                points={points}
                series={[{ key: 'produced', label: 'Produced', color: SERIES_COLORS[3] }]}
                formatValue={formatRecordRate}
                fromMs={data.from.getTime()}
                toMs={data.to.getTime()}
              />
            </ChartPanel>
            <ChartPanel title="Bytes on disk" note="every replica (DescribeLogDirs); retention and compaction lower it">
              {data.sizesKnown ? (
                <TimeSeriesChart
                  testId="chart-size"
                  points={points}
                  series={[{ key: 'sizeBytes', label: 'Size', color: SERIES_COLORS[0] }]}
                  formatValue={formatBytes}
                  fromMs={data.from.getTime()}
                  toMs={data.to.getTime()}
                />
              ) : (
                <p className="muted">Not available: this cluster does not report partition sizes (DescribeLogDirs).</p>
              )}
            </ChartPanel>
          </div>
          <GapList points={data.points} />
          <ResolutionNote resolution={data.resolution} stepMs={data.stepMs} />
        </>
      )}
    </section>
  );
}

type WorstGroup = Outputs['listWorstGroups']['byLag'][number];

export function WorstGroups({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const [range, setRange] = useLagRange();
  const worst = useQuery({ ...trpc.lagHistory.listWorstGroups.queryOptions({ clusterId, range }), refetchInterval: refreshMsOf(range) });
  const data = worst.data;
  return (
    <section data-testid="worst-groups">
      <Header title="Groups behind" range={range} onRange={setRange} updatedAtMs={worst.dataUpdatedAt} refreshMs={refreshMsOf(range)} />
      <ErrorBox error={worst.error} />
      {worst.isPending && <p className="muted">Loading…</p>}
      {data?.latestRound?.error && (
        <div className="error" role="alert">
          The last sampling round of this cluster failed ({data.latestRound.sampledAt.toLocaleTimeString()}): {data.latestRound.error}
        </div>
      )}
      {data && data.latestRound === null && <EmptyHistory what="this cluster" />}
      {data && data.latestRound !== null && (
        <div className="chart-grid">
          <WorstPanel
            title="Most lag"
            groups={data.byLag}
            clusterId={clusterId}
            empty={`No group has lag in the newest round (${data.sampledGroups} groups sampled).`}
            value={(group) => formatRecords(group.lag)}
            formatValue={formatRecords}
            range={range}
          />
          <WorstPanel
            title="Worst time lag"
            groups={data.byTimeLag}
            clusterId={clusterId}
            empty={`No group is behind in time in the newest round (${data.sampledGroups} groups sampled).`}
            value={(group) => formatDuration(group.timeLagMs)}
            formatValue={(ms) => formatDuration(ms)}
            range={range}
          />
        </div>
      )}
    </section>
  );
}

function WorstPanel({
  title,
  groups,
  clusterId,
  empty,
  value,
  formatValue,
  range,
}: {
  title: string;
  groups: WorstGroup[];
  clusterId: string;
  empty: string;
  value: (group: WorstGroup) => string;
  formatValue: (value: number) => string;
  range: LagRangeId;
}) {
  const nowMs = Date.now();
  const byTime = new Map<number, ChartPoint>();
  groups.forEach((group, index) => {
    for (const point of group.series) {
      const atMs = point.at.getTime();
      const entry = byTime.get(atMs) ?? { atMs, gap: point.gap };
      if (point.gap === null) entry[`g${index}`] = point.value;
      byTime.set(atMs, entry);
    }
  });
  const points = [...byTime.values()].sort((a, b) => a.atMs - b.atMs);
  return (
    <ChartPanel title={title} note={`newest round, over ${lagRanges[range].label}`}>
      {groups.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          <TimeSeriesChart
            points={points}
            series={groups.map((group, index) => ({
              key: `g${index}`,
              label: group.groupId,
              color: SERIES_COLORS[index % SERIES_COLORS.length],
            }))}
            formatValue={formatValue}
            fromMs={nowMs - lagRanges[range].durationMs}
            toMs={nowMs}
            height={180}
          />
          <table>
            <tbody>
              {groups.map((group) => (
                <tr key={group.groupId}>
                  <td className="mono">
                    <Link href={groupHref(group.groupId, clusterId)}>{group.groupId}</Link>
                  </td>
                  <td className="num">{value(group)}</td>
                  <td className="num muted">{group.members} members</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </ChartPanel>
  );
}

function Header({
  title,
  range,
  onRange,
  updatedAtMs,
  refreshMs,
}: {
  title: string;
  range: LagRangeId;
  onRange: (range: LagRangeId) => void;
  updatedAtMs: number;
  refreshMs: number;
}) {
  return (
    <div className="chart-header">
      <h2>{title}</h2>
      <LagRangePicker range={range} onChange={onRange} />
      <span className="hint">
        {updatedAtMs > 0 ? `updated ${new Date(updatedAtMs).toLocaleTimeString()}, ` : ''}live: every {refreshMs / 1_000} s
      </span>
    </div>
  );
}

function ChartPanel({ title, note, children }: { title: string; note: string; children: ReactNode }) {
  return (
    <div className="panel">
      <h3 style={{ margin: '0 0 4px' }}>
        {title} <span className="hint">{note}</span>
      </h3>
      {children}
    </div>
  );
}

function EmptyHistory({ what }: { what: string }) {
  return (
    <p className="muted" data-testid="lag-history-empty">
      No samples of {what} in this range yet. The console samples every group and topic of every cluster at a fixed interval
      (SAMSA_LAG_SAMPLE_INTERVAL_MS, 15 s by default); charts fill in from the first sample on.
    </p>
  );
}

const MAX_GAPS_LISTED = 5;

function GapList({ points }: { points: { at: Date; gap: string | null }[] }) {
  const gaps = points.filter((point) => point.gap !== null);
  if (gaps.length === 0) return null;
  return (
    <div className="hint" data-testid="lag-gaps">
      {gaps.length} {gaps.length === 1 ? 'gap' : 'gaps'} in this range (dashed lines):
      <ul>
        {gaps.slice(-MAX_GAPS_LISTED).map((gap) => (
          <li key={gap.at.getTime()}>
            {gap.at.toLocaleString()}: {gap.gap}
          </li>
        ))}
      </ul>
      {gaps.length > MAX_GAPS_LISTED && <span>and {gaps.length - MAX_GAPS_LISTED} earlier.</span>}
    </div>
  );
}

function ResolutionNote({ resolution, stepMs }: { resolution: string; stepMs: number }) {
  const words =
    resolution === 'raw' ? `every sample (one each ${formatDuration(stepMs)})` : `one point per ${resolution}: largest lag, last offsets`;
  return <p className="hint">Shown: {words}.</p>;
}
