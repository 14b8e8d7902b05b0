// The overview's "who is behind": from the newest sampling round of the cluster, the groups with the most lag
// and those with the worst time lag (LIST_SIZE each), with each one's total lag or time lag over the range
// for a small chart. Also the newest round itself, so the page can say when sampling is failing.
import { z } from 'zod';
import { lagRangeIds, lagRanges } from '../../../domain/lag-ranges.ts';
import { readGroupLagWindow, readLatestGroupLag, readLatestRound } from '../../lag-history/read-lag-history.ts';
import type { VerbArgs } from '../service-context.ts';
import { chartWindow, largest, stepOf, thin, withGapMarkers } from './lag-chart.ts';

export const LIST_SIZE = 5;

export const ListWorstGroupsInput = z.object({
  clusterId: z.string().min(1).max(100),
  range: z.enum(lagRangeIds as [string, ...string[]]).default('1h'),
});
export type ListWorstGroupsInput = z.infer<typeof ListWorstGroupsInput>;

export interface WorstGroup {
  groupId: string;
  lag: number;
  timeLagMs: number | null;
  members: number;
  /** Over the range: lag (byLag) or time lag in ms (byTimeLag); null values are gaps. */
  series: { at: Date; value: number | null; gap: string | null }[];
}

export interface WorstGroups {
  /** The newest round of the cluster; null when the sampler never ran for it. */
  latestRound: { sampledAt: Date; error: string | null } | null;
  /** When the groups below were sampled (the newest stored round). */
  sampledAt: Date | null;
  byLag: WorstGroup[];
  byTimeLag: WorstGroup[];
  sampledGroups: number;
}

export async function listWorstGroups({ ctx, input: unparsed }: VerbArgs<typeof ListWorstGroupsInput>): Promise<WorstGroups> {
  const input = ListWorstGroupsInput.parse(unparsed);
  const range = input.range as keyof typeof lagRanges;
  const window = chartWindow(range, Date.now());
  const latestRound = await readLatestRound(ctx.db, input.clusterId);
  const latest = await readLatestGroupLag(ctx.db, { clusterId: input.clusterId });
  const byLag = latest.filter((group) => group.lag > 0).slice(0, LIST_SIZE);
  const byTimeLag = latest
    .filter((group) => (group.timeLagMs ?? 0) > 0)
    .sort((a, b) => (b.timeLagMs ?? 0) - (a.timeLagMs ?? 0) || a.groupId.localeCompare(b.groupId))
    .slice(0, LIST_SIZE);
  const seriesOf = async (groupId: string, value: 'lag' | 'timeLagMs') => {
    const stored = await readGroupLagWindow(ctx.db, { ...window, clusterId: input.clusterId, groupId });
    const points = stored.points.map((point) => ({
      at: point.sampledAt,
      atMs: point.sampledAt.getTime(),
      value: point[value],
      gap: null as string | null,
    }));
    const stepMs = stepOf(
      window.resolution,
      points.map((point) => point.atMs),
    );
    const marked = withGapMarkers(points, stored.gaps, stepMs, (atMs, reason) => ({ at: new Date(atMs), atMs, value: null, gap: reason }));
    const merge = (group: typeof points) => ({ ...group[group.length - 1], value: largest(group.map((point) => point.value)) });
    return thin(marked, Math.min(200, lagRanges[range].maxPoints), merge).map(({ atMs: _atMs, ...point }) => point);
  };
  const toWorst = async (group: (typeof latest)[number], value: 'lag' | 'timeLagMs'): Promise<WorstGroup> => ({
    groupId: group.groupId,
    lag: group.lag,
    timeLagMs: group.timeLagMs,
    members: group.members,
    series: await seriesOf(group.groupId, value),
  });
  return {
    latestRound: latestRound ? { sampledAt: latestRound.sampledAt, error: latestRound.error } : null,
    sampledAt: latest[0]?.sampledAt ?? null,
    byLag: await Promise.all(byLag.map((group) => toWorst(group, 'lag'))),
    byTimeLag: await Promise.all(byTimeLag.map((group) => toWorst(group, 'timeLagMs'))),
    sampledGroups: latest.length,
  };
}
