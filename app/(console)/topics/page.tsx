'use client';
// Topics list: search, sort and paging happen on the server over cached metadata.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { CreateTopicForm } from './create-topic-form.tsx';
import { useClusterId } from '../../components/cluster-context.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import { useTRPC } from '../../trpc-provider.tsx';

type SortBy = 'name' | 'partitions' | 'replicationFactor';
const pageSize = 50;

export default function TopicsPage() {
  const trpc = useTRPC();
  const { clusterId } = useClusterId();
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [sortBy, setSortBy] = useState<SortBy>('name');
  const [sortDirection, setSortDirection] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(1);
  // Debounce typing so each keystroke is not a request.
  useEffect(() => {
    if (searchText === search) return;
    const timer = setTimeout(() => {
      setSearch(searchText);
      setPage(1);
    }, 250);
    return () => clearTimeout(timer);
  }, [searchText, search]);
  const topics = useQuery({
    ...trpc.topics.list.queryOptions({ clusterId, search, sortBy, sortDirection, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const sortOn = (column: SortBy) => {
    if (sortBy === column) setSortDirection(sortDirection === 'asc' ? 'desc' : 'asc');
    else {
      setSortBy(column);
      setSortDirection('asc');
    }
    setPage(1);
  };
  const arrow = (column: SortBy) => (sortBy === column ? (sortDirection === 'asc' ? ' ▲' : ' ▼') : '');
  const totalCount = topics.data?.totalCount ?? 0;
  const pageCount = Math.max(1, Math.ceil(totalCount / pageSize));
  return (
    <>
      <h1>Topics</h1>
      <div className="toolbar">
        <input type="search" placeholder="Search topics" value={searchText} onChange={(event) => setSearchText(event.target.value)} aria-label="Search topics" />
        <span className="muted">
          {totalCount.toLocaleString()} {totalCount === 1 ? 'topic' : 'topics'}
        </span>
      </div>
      <CreateTopicForm clusterId={clusterId} />
      <ErrorBox error={topics.error} />
      <table>
        <thead>
          <tr>
            <th>
              <button type="button" onClick={() => sortOn('name')}>Name{arrow('name')}</button>
            </th>
            <th className="num">
              <button type="button" onClick={() => sortOn('partitions')}>Partitions{arrow('partitions')}</button>
            </th>
            <th className="num">
              <button type="button" onClick={() => sortOn('replicationFactor')}>Replication{arrow('replicationFactor')}</button>
            </th>
            <th className="num">Under-replicated</th>
          </tr>
        </thead>
        <tbody>
          {topics.data?.rows.map((topic) => (
            <tr key={topic.name}>
              <td className="mono">{topic.name}</td>
              <td className="num">{topic.partitions}</td>
              <td className="num">{topic.replicationFactor}</td>
              <td className="num">{topic.underReplicatedPartitions}</td>
            </tr>
          ))}
          {topics.data && topics.data.rows.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No topics{search ? ` matching “${search}”` : ''}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="pager">
        <button type="button" className="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span>
          Page {page} of {pageCount}
        </span>
        <button type="button" className="secondary" disabled={page >= pageCount} onClick={() => setPage(page + 1)}>
          Next
        </button>
      </div>
    </>
  );
}
