'use client';
// Alerts, newest first: open ones (firing and pending) by default, or firing, pending, resolved or all; paged on
// the server. The view lives in the address (`state`, `rule`, `group`, `page`), so it can be shared and reloaded.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Suspense } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { groupHref } from '../../components/group-href.ts';
import { Pager } from '../../components/pager.tsx';
import { useQueryState } from '../../components/query-state.ts';
import { useTRPC } from '../../trpc-provider.tsx';
import { AlertStateBadge, AlertsTabs, isSilenced, TimeAgo } from './alert-parts.tsx';

const stateFilters = [
  { value: 'open', label: 'Open' },
  { value: 'firing', label: 'Firing' },
  { value: 'pending', label: 'Pending' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
] as const;
type StateFilter = (typeof stateFilters)[number]['value'];
const PAGE_SIZE = 25;
const REFRESH_MS = 5_000;

export default function AlertsPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Alerts />
    </Suspense>
  );
}

function Alerts() {
  const trpc = useTRPC();
  const { params, update } = useQueryState();
  const state: StateFilter = stateFilters.find((filter) => filter.value === params.get('state'))?.value ?? 'open';
  const ruleId = params.get('rule') || undefined;
  const groupId = params.get('group') || undefined;
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const alerts = useQuery({
    ...trpc.alerts.list.queryOptions({ state, ruleId, groupId, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const rules = useQuery({ ...trpc.alerts.listRules.queryOptions(), enabled: Boolean(ruleId) });
  const ruleName = ruleId ? rules.data?.find((rule) => rule.id === ruleId)?.name : undefined;
  const data = alerts.data;
  return (
    <>
      <h1>Alerts</h1>
      <AlertsTabs />
      <div className="toolbar">
        <label style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
          State
          <select
            value={state}
            onChange={(event) => update({ state: event.target.value === 'open' ? null : event.target.value, page: null })}
          >
            {stateFilters.map((filter) => (
              <option key={filter.value} value={filter.value}>
                {filter.label}
                {filter.value === 'open' ? ' (firing and pending)' : ''}
              </option>
            ))}
          </select>
        </label>
        {ruleId && (
          <button type="button" className="secondary" onClick={() => update({ rule: null, page: null })} title="Show every rule's alerts">
            Rule: {ruleName ?? ruleId} ✕
          </button>
        )}
        {groupId && (
          <button type="button" className="secondary" onClick={() => update({ group: null, page: null })} title="Show every group's alerts">
            Group: {groupId} ✕
          </button>
        )}
        {data && (
          <span className="muted" data-testid="alert-count">
            {data.total.toLocaleString()} {data.total === 1 ? 'alert' : 'alerts'}
          </span>
        )}
        {alerts.isFetching && <span className="muted">Loading…</span>}
      </div>
      <ErrorBox error={alerts.error} />
      {alerts.isPending && <p className="muted">Loading alerts…</p>}
      {data && (
        <table aria-label="Alerts">
          <thead>
            <tr>
              <th>Alert</th>
              <th>State</th>
              <th>Rule</th>
              <th>Group</th>
              <th>Now</th>
              <th>Since</th>
              <th>Handled</th>
            </tr>
          </thead>
          <tbody>
            {data.alerts.map((alert) => (
              <tr key={alert.id} data-testid="alert-row">
                <td>
                  <Link href={`/alerts/${alert.id}`}>#{alert.id}</Link>
                </td>
                <td>
                  <AlertStateBadge state={alert.state} />
                </td>
                <td>{alert.ruleName}</td>
                <td className="mono">
                  <Link href={groupHref(alert.groupId, alert.clusterId)}>{alert.groupId}</Link>
                  {alert.clusterId !== 'built-in' && <span className="muted"> on {alert.clusterId}</span>}
                </td>
                <td>{alert.summary}</td>
                <td>
                  <TimeAgo at={alert.state === 'resolved' ? alert.resolvedAt : (alert.firedAt ?? alert.pendingSince)} />
                </td>
                <td>
                  {alert.acknowledgedBy && <div>acknowledged by {alert.acknowledgedBy}</div>}
                  {isSilenced(alert.silencedUntil) && (
                    <div title={alert.silencedUntil?.toISOString()}>silenced until {alert.silencedUntil?.toLocaleString()}</div>
                  )}
                  {!alert.acknowledgedBy && !isSilenced(alert.silencedUntil) && <span className="muted">—</span>}
                </td>
              </tr>
            ))}
            {data.alerts.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  {emptyText(state, Boolean(ruleId || groupId))}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {data && <Pager page={data.page} pageCount={data.pageCount} update={update} />}
    </>
  );
}

function emptyText(state: StateFilter, filtered: boolean): string {
  const which = filtered ? ' for this filter' : '';
  switch (state) {
    case 'open':
      return `Nothing firing or pending${which}. Alerts appear here when a rule's condition holds for a consumer group (see Rules).`;
    case 'all':
      return `No alerts yet${which}: no rule's condition has held for any consumer group.`;
    default:
      return `No ${state} alerts${which}.`;
  }
}
