// The groups list: search, state and topic filters, sort and paging on the server. Lag and time lag are
// read for the shown page only; sorting by lag or members, or filtering by topic, needs every match's
// offsets, so it is allowed up to maxGroupsReadInFull matches.
import { z } from 'zod';
import { maxTopicNameLength } from '../../../domain/topic-name.ts';
import { listConsumerGroups, type GroupListing } from '../../kafka/consumer-groups.ts';
import type { VerbArgs } from '../service-context.ts';
import { ValidationError } from '../service-error.ts';
import { buildGroupReports, type GroupReport } from './group-report.ts';

export const maxGroupsReadInFull = 2_000;
const listingSorts = ['groupId', 'state'] as const;
const reportSorts = ['members', 'lag'] as const;

export const ListGroupsInput = z.object({
  clusterId: z.string().min(1).max(100),
  search: z.string().max(255).default(''),
  state: z.string().max(40).default(''),
  /** Only groups that commit to or are assigned this topic. */
  topic: z.string().max(maxTopicNameLength).default(''),
  sortBy: z.enum([...listingSorts, ...reportSorts]).default('groupId'),
  sortDirection: z.enum(['asc', 'desc']).default('asc'),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export type ListGroupsInput = z.infer<typeof ListGroupsInput>;

export interface GroupRow {
  groupId: string;
  state: string;
  protocolType: string;
  /** "classic" or "consumer" (KIP-848). */
  type: string;
  protocol: string;
  members: number;
  topics: string[];
  lag: number;
  edgeCases: number;
  timeLagMs: number | null;
  status: GroupReport['status'];
}

export interface GroupPage {
  rows: GroupRow[];
  totalCount: number;
  page: number;
  pageSize: number;
  /** Every state seen among the cluster's groups, for the filter. */
  states: string[];
}

export async function listGroups({ ctx, input: unparsed }: VerbArgs<typeof ListGroupsInput>): Promise<GroupPage> {
  const input = ListGroupsInput.parse(unparsed);
  const client = await ctx.clusters.client(input.clusterId);
  const listing = await listConsumerGroups(client);
  const states = [...new Set(listing.map((group) => group.state))].sort();
  const search = input.search.toLowerCase();
  const matching = listing.filter((group) => group.groupId.toLowerCase().includes(search) && (!input.state || group.state === input.state));
  const needsAll = input.topic !== '' || (reportSorts as readonly string[]).includes(input.sortBy);
  const direction = input.sortDirection === 'asc' ? 1 : -1;
  const start = (input.page - 1) * input.pageSize;
  if (!needsAll) {
    const sorted = matching.sort((a, b) => direction * compareListing(a, b, input.sortBy as (typeof listingSorts)[number]));
    const shown = sorted.slice(start, start + input.pageSize);
    const reports = await buildGroupReports(
      ctx,
      input.clusterId,
      shown.map((group) => group.groupId),
      { timeLag: true },
    );
    return { rows: reports.map(toRow), totalCount: matching.length, page: input.page, pageSize: input.pageSize, states };
  }
  if (matching.length > maxGroupsReadInFull) {
    throw new ValidationError(
      `Sorting by ${input.sortBy} or filtering by topic reads every matching group's offsets; ${matching.length} match, at most ${maxGroupsReadInFull}. Narrow the search.`,
    );
  }
  let reports = await buildGroupReports(
    ctx,
    input.clusterId,
    matching.map((group) => group.groupId),
    { timeLag: false },
  );
  if (input.topic) reports = reports.filter((report) => report.topics.some((topic) => topic.topic === input.topic));
  reports.sort((a, b) => direction * compareReports(a, b, input.sortBy));
  const shown = reports.slice(start, start + input.pageSize).map((report) => report.groupId);
  const withTimeLag = await buildGroupReports(ctx, input.clusterId, shown, { timeLag: true });
  return { rows: withTimeLag.map(toRow), totalCount: reports.length, page: input.page, pageSize: input.pageSize, states };
}

function compareListing(a: GroupListing, b: GroupListing, sortBy: (typeof listingSorts)[number]): number {
  if (sortBy === 'state') return a.state.localeCompare(b.state) || a.groupId.localeCompare(b.groupId);
  return a.groupId.localeCompare(b.groupId);
}

function compareReports(a: GroupReport, b: GroupReport, sortBy: ListGroupsInput['sortBy']): number {
  if (sortBy === 'members') return a.members.length - b.members.length || a.groupId.localeCompare(b.groupId);
  if (sortBy === 'lag') return a.lag - b.lag || a.groupId.localeCompare(b.groupId);
  if (sortBy === 'state') return a.state.localeCompare(b.state) || a.groupId.localeCompare(b.groupId);
  return a.groupId.localeCompare(b.groupId);
}

function toRow(report: GroupReport): GroupRow {
  return {
    groupId: report.groupId,
    state: report.state,
    protocolType: report.protocolType,
    type: report.type,
    protocol: report.protocol,
    members: report.members.length,
    topics: report.topics.map((topic) => topic.topic),
    lag: report.lag,
    edgeCases: report.edgeCases,
    timeLagMs: report.timeLagMs,
    status: report.status,
  };
}
