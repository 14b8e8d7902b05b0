'use client';
// Topic requests: members see their team's, operators and admins all. `view=queue` is the approvers' queue
// of pending requests, oldest first; the view, state filter and page live in the address.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Suspense } from 'react';
import { hasRole } from '@/domain/roles.ts';
import { topicRequestStateLabels, topicRequestStates, type TopicRequestState } from '@/domain/topic-request-states.ts';
import { describeBytes } from '@/domain/topic-policy.ts';
import { ErrorBox } from '../../components/error-box.tsx';
import { formatAgo } from '../../components/format-time.ts';
import { Pager } from '../../components/pager.tsx';
import { useQueryState } from '../../components/query-state.ts';
import { useTRPC } from '../../trpc-provider.tsx';
import { RequestStateBadge } from './request-state-badge.tsx';

const views = ['all', 'queue', 'mine'] as const;
type View = (typeof views)[number];
const pageSize = 25;

export default function RequestsPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <RequestsList />
    </Suspense>
  );
}

function RequestsList() {
  const trpc = useTRPC();
  const { params, update } = useQueryState();
  const me = useQuery(trpc.session.me.queryOptions());
  const operator = me.data ? hasRole(me.data.role, 'operator') : false;
  const view: View = (views as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'all';
  const stateParam = params.get('state') ?? '';
  const state = (topicRequestStates as readonly string[]).includes(stateParam) ? (stateParam as TopicRequestState) : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const requests = useQuery({
    ...trpc.topicRequests.list.queryOptions({ view, state: view === 'queue' ? undefined : state, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const totalCount = requests.data?.totalCount ?? 0;
  const pageCount = Math.max(1, Math.ceil(totalCount / pageSize));
  const viewLabels: Record<View, string> = {
    all: operator ? 'All requests' : "My team's requests",
    queue: `Waiting for approval${requests.data ? ` (${requests.data.pendingCount})` : ''}`,
    mine: 'Asked by me',
  };
  return (
    <>
      <h1>Topic requests</h1>
      <p className="muted">
        Members ask for topics and changes for their team; an operator or admin other than the requester approves them, and the console then
        creates the topic. {operator ? 'You see every team’s requests.' : 'You see your team’s requests.'}
      </p>
      <div className="toolbar">
        {hasRole(me.data?.role ?? 'viewer', 'member') && (
          <Link className="button" href="/requests/new">
            New topic request
          </Link>
        )}
        {me.data?.role === 'admin' && (
          <Link className="button secondary" href="/requests/policies">
            Policies
          </Link>
        )}
      </div>
      <nav className="tabs" aria-label="Request views">
        {views.map((candidate) => (
          <a
            key={candidate}
            href={`/requests?view=${candidate}`}
            className={candidate === view ? 'active' : undefined}
            aria-current={candidate === view ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              update({ view: candidate === 'all' ? null : candidate, page: null });
            }}
          >
            {viewLabels[candidate]}
          </a>
        ))}
      </nav>
      <div className="toolbar">
        {view === 'queue' ? (
          <span className="muted">Pending requests, oldest first: the next one to decide is on top.</span>
        ) : (
          <label style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
            State
            <select aria-label="State" value={state ?? ''} onChange={(event) => update({ state: event.target.value, page: null })}>
              <option value="">any</option>
              {topicRequestStates.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {topicRequestStateLabels[candidate]}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ErrorBox error={requests.error} />
      {requests.isLoading && <p className="muted">Loading requests…</p>}
      {requests.data && (
        <table aria-label="Topic requests">
          <thead>
            <tr>
              <th>#</th>
              <th>Topic</th>
              <th>Kind</th>
              <th>Cluster</th>
              <th>Team</th>
              <th>Asked by</th>
              <th>Asked</th>
              <th className="num">Partitions</th>
              <th className="num">Est. disk</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {requests.data.rows.map((request) => (
              <tr key={request.id} data-testid={`request-row-${request.id}`}>
                <td>
                  <Link href={`/requests/${request.id}`}>#{request.id}</Link>
                </td>
                <td className="mono">
                  <Link href={`/requests/${request.id}`}>{request.topicName}</Link>
                </td>
                <td>{request.kind === 'create' ? 'new topic' : 'change'}</td>
                <td>{request.clusterId}</td>
                <td>{request.teamName ?? <span className="muted">—</span>}</td>
                <td>{request.requesterName}</td>
                <td title={request.createdAt.toISOString()}>{formatAgo(request.createdAt.getTime())}</td>
                <td className="num">{request.partitions}</td>
                <td className="num">{request.estimatedDiskBytes === null ? 'unbounded' : describeBytes(request.estimatedDiskBytes)}</td>
                <td>
                  <RequestStateBadge state={request.state} />
                </td>
              </tr>
            ))}
            {requests.data.rows.length === 0 && (
              <tr>
                <td colSpan={10} className="muted">
                  {emptyText(view, state, operator, me.data?.teamId ?? null)}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <Pager page={page} pageCount={pageCount} update={update} />
    </>
  );
}

function emptyText(view: View, state: TopicRequestState | undefined, operator: boolean, teamId: string | null): string {
  if (!operator && teamId === null) return 'You belong to no team, so there are no requests to show: an admin adds you to one.';
  if (view === 'queue') return 'Nothing waits for approval.';
  if (state) return `No requests in the state “${topicRequestStateLabels[state]}”.`;
  if (view === 'mine') return 'You have asked for nothing yet. "New topic request" starts one.';
  return 'No requests yet. "New topic request" starts one.';
}
