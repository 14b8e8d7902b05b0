'use client';
// The consumer groups table, shared by /groups and a topic's Consumers tab: search, state filter, sort and
// paging run on the server; the state lives in the address (q, state, sort, dir, page).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useClusterId } from '../../components/cluster-context.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import { formatDuration } from '../../components/format-duration.ts';
import { groupHref } from '../../components/group-href.ts';
import { Pager } from '../../components/pager.tsx';
import { useDebouncedSearch, useQueryState } from '../../components/query-state.ts';
import { useTRPC } from '../../trpc-provider.tsx';
import { protocolLabel } from './protocol-label.ts';

const sortColumns = ['groupId', 'state', 'members', 'lag'] as const;
type SortBy = (typeof sortColumns)[number];
const pageSize = 50;

export const statusClass: Record<string, string> = {
  'caught up': 'ok',
  behind: 'pending',
  stopped: 'pending',
  idle: '',
  rebalancing: 'pending',
  'records lost': 'failed',
  dead: 'failed',
};

export function GroupsTable({ topic }: { topic?: string }) {
  const trpc = useTRPC();
  const { params, update } = useQueryState();
  const { clusterId } = useClusterId();
  const search = params.get('q') ?? '';
  const state = params.get('state') ?? '';
  const sortBy: SortBy = (sortColumns as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as SortBy) : 'groupId';
  const sortDirection = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [searchText, setSearchText] = useDebouncedSearch(search, update);
  const groups = useQuery({
    ...trpc.groups.list.queryOptions({ clusterId, search, state, topic: topic ?? '', sortBy, sortDirection, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const sortOn = (column: SortBy) =>
    update({ sort: column, dir: sortBy === column && sortDirection === 'asc' ? 'desc' : 'asc', page: null });
  const arrow = (column: SortBy) => (sortBy === column ? (sortDirection === 'asc' ? ' ▲' : ' ▼') : '');
  const data = groups.data;
  const totalCount = data?.totalCount ?? 0;
  const pageCount = Math.max(1, Math.ceil(totalCount / pageSize));
  const header = (column: SortBy, label: string, numeric = false) => (
    <th className={numeric ? 'num' : undefined}>
      <button type="button" onClick={() => sortOn(column)}>
        {label}
        {arrow(column)}
      </button>
    </th>
  );
  return (
    <>
      <div className="toolbar">
        <input
          type="search"
          placeholder="Search groups"
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          aria-label="Search groups"
        />
        <select value={state} onChange={(event) => update({ state: event.target.value, page: null })} aria-label="State">
          <option value="">Any state</option>
          {(data?.states ?? []).map((candidate) => (
            <option key={candidate} value={candidate}>
              {candidate}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="group-count">
          {totalCount.toLocaleString()} {totalCount === 1 ? 'group' : 'groups'}
        </span>
        {groups.isFetching && <span className="muted">Loading…</span>}
      </div>
      <ErrorBox error={groups.error} />
      <table>
        <thead>
          <tr>
            {header('groupId', 'Group')}
            {header('state', 'State')}
            <th>Protocol</th>
            {header('members', 'Members', true)}
            <th>Topics</th>
            {header('lag', 'Lag (records)', true)}
            <th className="num" title="The worst partition's: now − timestamp of the first record not consumed">
              Time lag
            </th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {data?.rows.map((group) => (
            <tr key={group.groupId} data-testid="group-row">
              <td className="mono">
                <Link href={groupHref(group.groupId, clusterId)}>{group.groupId}</Link>
              </td>
              <td>{group.state}</td>
              <td>{protocolLabel(group) ?? <span className="muted">none</span>}</td>
              <td className="num">{group.members}</td>
              <td className="mono">
                {group.topics.length <= 3 ? group.topics.join(', ') : `${group.topics.slice(0, 3).join(', ')} +${group.topics.length - 3}`}
              </td>
              <td className="num">
                {group.lag.toLocaleString()}
                {group.edgeCases > 0 && (
                  <span
                    className="muted"
                    title="Partitions whose lag cannot be measured (no commit, records lost, past the end); see the group's page"
                  >
                    {' '}
                    +{group.edgeCases} unmeasured
                  </span>
                )}
              </td>
              <td className="num">{formatDuration(group.timeLagMs)}</td>
              <td>
                <span className={`badge ${statusClass[group.status] ?? ''}`}>{group.status}</span>
              </td>
            </tr>
          ))}
          {data && data.rows.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                No consumer groups{topic ? ` read ${topic}` : ''}
                {search ? ` matching “${search}”` : ''}
                {state ? ` in state ${state}` : ''}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager page={page} pageCount={pageCount} update={update} />
    </>
  );
}
