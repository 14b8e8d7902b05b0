// The topics list: search, sort and paging on the server over cached metadata, so 10,000 topics page as
// fast as 10. Size, records and last write come from the cluster for the shown page only; sorting by them
// needs them for every match, so it is allowed up to maxTopicsSortedByStats matches.
import { z } from 'zod';
import { maxTopicNameLength } from '../../../domain/topic-name.ts';
import type { TopicInfo } from '../../kafka/cluster-client.ts';
import type { VerbArgs } from '../service-context.ts';
import { ValidationError } from '../service-error.ts';
import { loadTopicStats, type TopicStats } from './topic-stats.ts';
import { loadTeamPrefixes, owningTeamOf, type TeamPrefix } from './topic-owners.ts';

const metadataSorts = ['name', 'partitions', 'replicationFactor', 'underReplicatedPartitions', 'owningTeam'] as const;
const statsSorts = ['sizeBytes', 'records', 'lastWriteMs'] as const;
export const maxTopicsSortedByStats = 2_000;

export const ListTopicsInput = z.object({
  clusterId: z.string().min(1).max(100),
  search: z.string().max(maxTopicNameLength).default(''),
  sortBy: z.enum([...metadataSorts, ...statsSorts]).default('name'),
  sortDirection: z.enum(['asc', 'desc']).default('asc'),
  includeInternal: z.boolean().default(false),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});
export type ListTopicsInput = z.infer<typeof ListTopicsInput>;

export interface TopicRow {
  name: string;
  internal: boolean;
  partitions: number;
  replicationFactor: number;
  /** Partitions whose ISR is smaller than their replica set. */
  underReplicatedPartitions: number;
  owningTeam: string | null;
}

export interface TopicRowWithStats extends TopicRow, TopicStats {}

export interface TopicPage {
  rows: TopicRowWithStats[];
  totalCount: number;
  page: number;
  pageSize: number;
  sizeUnavailableReason: string | null;
  lastWriteUnavailableReason: string | null;
}

export async function listTopics({ ctx, input: unparsed }: VerbArgs<typeof ListTopicsInput>): Promise<TopicPage> {
  const input = ListTopicsInput.parse(unparsed);
  const metadata = await ctx.clusters.metadata(input.clusterId);
  const prefixes = await loadTeamPrefixes(ctx.db);
  const all = input.includeInternal ? [...metadata.topics, ...metadata.internalTopics] : metadata.topics;
  const matching = searchTopics(all, input.search);
  const client = await ctx.clusters.client(input.clusterId);
  const byStats = (statsSorts as readonly string[]).includes(input.sortBy);
  if (byStats && matching.length > maxTopicsSortedByStats) {
    throw new ValidationError(
      `Sorting by ${input.sortBy} reads every matching topic from the cluster; ${matching.length} match, at most ${maxTopicsSortedByStats} can be sorted this way. Narrow the search.`,
    );
  }
  if (byStats) {
    const stats = await loadTopicStats(client, matching);
    const rows = matching.map((topic) => ({ ...toRow(topic, prefixes), ...stats.byTopic.get(topic.name)! }));
    const paged = sortAndPage(rows, input);
    return { ...paged, sizeUnavailableReason: stats.sizeUnavailableReason, lastWriteUnavailableReason: stats.lastWriteUnavailableReason };
  }
  const paged = pageTopics(matching, input, prefixes);
  const shown = new Set(paged.rows.map((row) => row.name));
  const stats = await loadTopicStats(
    client,
    matching.filter((topic) => shown.has(topic.name)),
  );
  return {
    ...paged,
    rows: paged.rows.map((row) => ({ ...row, ...stats.byTopic.get(row.name)! })),
    sizeUnavailableReason: stats.sizeUnavailableReason,
    lastWriteUnavailableReason: stats.lastWriteUnavailableReason,
  };
}

function searchTopics(topics: TopicInfo[], search: string): TopicInfo[] {
  const needle = search.trim().toLowerCase();
  return needle ? topics.filter((topic) => topic.name.toLowerCase().includes(needle)) : topics;
}

type PageQuery = Pick<ListTopicsInput, 'search' | 'sortBy' | 'sortDirection' | 'page' | 'pageSize'>;

/** Search, sort and page on metadata alone (pure; the 10,000-topic path). */
export function pageTopics(
  topics: TopicInfo[],
  query: PageQuery,
  prefixes: TeamPrefix[] = [],
): { rows: TopicRow[]; totalCount: number; page: number; pageSize: number } {
  return sortAndPage(
    searchTopics(topics, query.search).map((topic) => toRow(topic, prefixes)),
    query,
  );
}

function sortAndPage<Row extends TopicRow>(
  rows: Row[],
  query: PageQuery,
): { rows: Row[]; totalCount: number; page: number; pageSize: number } {
  const direction = query.sortDirection === 'asc' ? 1 : -1;
  const key = query.sortBy as keyof TopicRowWithStats;
  rows.sort(
    (a, b) =>
      (compareValues((a as Partial<TopicRowWithStats>)[key], (b as Partial<TopicRowWithStats>)[key]) || a.name.localeCompare(b.name)) *
      direction,
  );
  const start = (query.page - 1) * query.pageSize;
  return { rows: rows.slice(start, start + query.pageSize), totalCount: rows.length, page: query.page, pageSize: query.pageSize };
}

/** Numbers numerically, text by locale; unknown values (null) sort before known ones. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function toRow(topic: TopicInfo, prefixes: TeamPrefix[]): TopicRow {
  return {
    name: topic.name,
    internal: topic.internal,
    partitions: topic.partitionCount,
    replicationFactor: topic.replicationFactor,
    underReplicatedPartitions: topic.partitions.filter((partition) => partition.isr.length < partition.replicas.length).length,
    owningTeam: owningTeamOf(topic.name, prefixes),
  };
}
