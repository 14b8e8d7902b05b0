'use client';
// Alert rules: what each watches, its condition, where it notifies and how many alerts it has open. Everyone
// signed in sees them; operators and admins create, edit and delete them (/alerts/rules/new, /alerts/rules/<id>).
// The server sends every rule (at most 1,000); the page shows them 50 at a time (`page` in the address).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Suspense } from 'react';
import { hasRole } from '@/domain/roles.ts';
import { ErrorBox } from '../../../components/error-box.tsx';
import { Pager } from '../../../components/pager.tsx';
import { useQueryState } from '../../../components/query-state.ts';
import { useTRPC } from '../../../trpc-provider.tsx';
import { AlertsTabs } from '../alert-parts.tsx';

const PAGE_SIZE = 50;

export default function AlertRulesPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <AlertRules />
    </Suspense>
  );
}

function AlertRules() {
  const trpc = useTRPC();
  const { params, update } = useQueryState();
  const me = useQuery(trpc.session.me.queryOptions());
  const rules = useQuery({ ...trpc.alerts.listRules.queryOptions(), refetchInterval: 10_000 });
  const webhooks = useQuery(trpc.webhooks.list.queryOptions());
  const mayChange = me.data ? hasRole(me.data.role, 'operator') : false;
  const webhookName = (id: string) => webhooks.data?.find((webhook) => webhook.id === id)?.name ?? 'deleted webhook';
  const pageCount = Math.max(1, Math.ceil((rules.data?.length ?? 0) / PAGE_SIZE));
  const page = Math.min(pageCount, Math.max(1, Math.floor(Number(params.get('page'))) || 1));
  const shown = rules.data?.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) ?? [];
  return (
    <>
      <h1>Alerts</h1>
      <AlertsTabs />
      <div className="toolbar">
        {mayChange ? (
          <Link href="/alerts/rules/new" className="button">
            New rule
          </Link>
        ) : (
          <span className="muted">Operators and admins create and edit rules; you see them read-only.</span>
        )}
        {rules.data && (
          <span className="muted" data-testid="rule-count">
            {rules.data.length} {rules.data.length === 1 ? 'rule' : 'rules'}
          </span>
        )}
      </div>
      <ErrorBox error={rules.error} />
      {rules.isPending && <p className="muted">Loading rules…</p>}
      {rules.data && (
        <table aria-label="Alert rules">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Watches</th>
              <th>Condition</th>
              <th>Notifies</th>
              <th>Open alerts</th>
              <th>Enabled</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((rule) => (
              <tr key={rule.id} data-testid="rule-row">
                <td>
                  <Link href={`/alerts/rules/${encodeURIComponent(rule.id)}`}>{rule.name}</Link>
                  <div className="muted" style={{ fontSize: 12 }}>
                    by {rule.createdBy}
                  </div>
                </td>
                <td className="mono">
                  <div>group {rule.groupPattern}</div>
                  <div className="muted">
                    topic {rule.topicPattern} · cluster {rule.clusterPattern}
                  </div>
                </td>
                <td>{rule.description}</td>
                <td>
                  {rule.webhookIds.length === 0 ? <span className="muted">nobody</span> : rule.webhookIds.map(webhookName).join(', ')}
                </td>
                <td>
                  {rule.firing + rule.pending === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <Link href={`/alerts?rule=${encodeURIComponent(rule.id)}`}>
                      {[rule.firing > 0 && `${rule.firing} firing`, rule.pending > 0 && `${rule.pending} pending`]
                        .filter(Boolean)
                        .join(', ')}
                    </Link>
                  )}
                </td>
                <td>{rule.enabled ? 'yes' : <span className="badge">disabled</span>}</td>
              </tr>
            ))}
            {rules.data.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No alert rules yet.{' '}
                  {mayChange ? 'Create one: a group, a condition, and webhooks to notify.' : 'An operator or admin creates them.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {rules.data && pageCount > 1 && <Pager page={page} pageCount={pageCount} update={update} />}
    </>
  );
}
