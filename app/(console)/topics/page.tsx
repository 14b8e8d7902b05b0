'use client';
// Topics list: search, sort and paging happen on the server; the state lives in the address so a view can
// be shared and reloaded. Each name leads to the topic's page.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Suspense } from 'react';
import { CreateTopicForm } from './create-topic-form.tsx';
import { useClusterId } from '../../components/cluster-context.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import { formatBytes } from '../../components/format-bytes.ts';
import { formatAgo, isoTime } from '../../components/format-time.ts';
import { Pager } from '../../components/pager.tsx';
import { useDebouncedSearch, useQueryState } from '../../components/query-state.ts';
import { topicHref } from '../../components/topic-href.ts';
import { useTRPC } from '../../trpc-provider.tsx';

const sortColumns = [
  'name',
  'partitions',
  'replicationFactor',
  'underReplicatedPartitions',
  'sizeBytes',
  'records',
  'lastWriteMs',
  'owningTeam',
] as const;
type SortBy = (typeof sortColumns)[number];
const pageSize = 50;

const columns: { key: SortBy; label: string; numeric: boolean; title?: string }[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'partitions', label: 'Partitions', numeric: true },
  { key: 'replicationFactor', label: 'Replication', numeric: true },
  { key: 'underReplicatedPartitions', label: 'Under-replicated', numeric: true },
  { key: 'sizeBytes', label: 'Size on disk', numeric: true, title: 'Every replica on every broker (DescribeLogDirs)' },
  { key: 'records', label: 'Records', numeric: true, title: 'Sum of end offset − log start offset' },
  { key: 'lastWriteMs', label: 'Last write', numeric: false, title: 'Newest record timestamp (ListOffsets MAX_TIMESTAMP)' },
  { key: 'owningTeam', label: 'Team', numeric: false },
];

export default function TopicsPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <TopicsList />
    </Suspense>
  );
}

function TopicsList() {
  const trpc = useTRPC();
  const { params, update } = useQueryState();
  const { clusterId } = useClusterId();
  const search = params.get('q') ?? '';
  const sortBy: SortBy = (sortColumns as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as SortBy) : 'name';
  const sortDirection = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const includeInternal = params.get('internal') === '1';
  const [searchText, setSearchText] = useDebouncedSearch(search, update);
  const topics = useQuery({
    ...trpc.topics.list.queryOptions({ clusterId, search, sortBy, sortDirection, page, pageSize, includeInternal }),
    placeholderData: keepPreviousData,
  });
  const sortOn = (column: SortBy) =>
    update({ sort: column, dir: sortBy === column && sortDirection === 'asc' ? 'desc' : 'asc', page: null });
  const arrow = (column: SortBy) => (sortBy === column ? (sortDirection === 'asc' ? ' ▲' : ' ▼') : '');
  const totalCount = topics.data?.totalCount ?? 0;
  const pageCount = Math.max(1, Math.ceil(totalCount / pageSize));
  const data = topics.data;
  return (
    <>
      <h1>Topics</h1>
      <div className="toolbar">
        <input
          type="search"
          placeholder="Search topics"
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          aria-label="Search topics"
        />
        <label style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
          <input
            type="checkbox"
            checked={includeInternal}
            onChange={(event) => update({ internal: event.target.checked ? '1' : null, page: null })}
          />
          Show internal topics
        </label>
        <span className="muted" data-testid="topic-count">
          {totalCount.toLocaleString()} {totalCount === 1 ? 'topic' : 'topics'}
        </span>
        {topics.isFetching && <span className="muted">Loading…</span>}
      </div>
      <CreateTopicForm clusterId={clusterId} />
      <ErrorBox error={topics.error} />
      <table>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} className={column.numeric ? 'num' : undefined} title={column.title}>
                <button type="button" onClick={() => sortOn(column.key)}>
                  {column.label}
                  {arrow(column.key)}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data?.rows.map((topic) => (
            <tr key={topic.name}>
              <td className="mono">
                <Link href={topicHref(topic.name, clusterId)}>{topic.name}</Link>
                {topic.internal && (
                  <span className="badge" style={{ marginLeft: 6 }}>
                    internal
                  </span>
                )}
              </td>
              <td className="num">{topic.partitions}</td>
              <td className="num">{topic.replicationFactor}</td>
              <td className="num">
                {topic.underReplicatedPartitions > 0 ? <span className="mark under-replicated">{topic.underReplicatedPartitions}</span> : 0}
              </td>
              <td className="num" title={topic.sizeBytes === null ? (data.sizeUnavailableReason ?? undefined) : undefined}>
                {topic.sizeBytes === null ? '—' : formatBytes(topic.sizeBytes)}
              </td>
              <td className="num">{topic.records === null ? '—' : topic.records.toLocaleString()}</td>
              <td title={isoTime(topic.lastWriteMs) ?? data.lastWriteUnavailableReason ?? undefined}>{formatAgo(topic.lastWriteMs)}</td>
              <td>{topic.owningTeam ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
          {data && data.rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="muted">
                No topics{search ? ` matching “${search}”` : ''}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager page={page} pageCount={pageCount} update={update} />
    </>
  );
}
