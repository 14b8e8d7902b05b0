'use client';
// One topic request: what was asked, the approver's adjustments as a diff, the timeline of every step (who,
// when), and the actions the viewer may take: approve or reject (an operator or admin who did not ask for
// it), cancel (the requester, while pending), retry (a failed provisioning). While pending, approvers also
// see the policy's verdict as it is now.
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { hasRole } from '@/domain/roles.ts';
import { describeBytes } from '@/domain/topic-policy.ts';
import type { AppRouter } from '@/server/api/root.ts';
import { describeWithUnit, durationUnits, sizeUnits } from '../../../components/config-units.ts';
import { ErrorBox } from '../../../components/error-box.tsx';
import { topicHref } from '../../../components/topic-href.ts';
import { useTRPC } from '../../../trpc-provider.tsx';
import { RequestStateBadge } from '../request-state-badge.tsx';
import { ApproveDialog, CancelDialog, RejectDialog, RetryDialog } from './decision-dialogs.tsx';

type Detail = inferRouterOutputs<AppRouter>['topicRequests']['get'];
type Request = Detail['request'];

/** States that move by themselves (provisioning follows approval): the page refreshes while in them. */
const MOVING = new Set(['approved', 'provisioning']);

export default function RequestPage() {
  const trpc = useTRPC();
  const params = useParams<{ id: string }>();
  const requestId = Number(params.id);
  const valid = Number.isInteger(requestId) && requestId >= 1 && requestId <= 2_147_483_647;
  const me = useQuery(trpc.session.me.queryOptions());
  const detail = useQuery({
    ...trpc.topicRequests.get.queryOptions({ requestId }),
    enabled: valid,
    refetchInterval: (query) => (query.state.data && MOVING.has(query.state.data.request.state) ? 2_000 : 15_000),
  });
  const crumbs = (
    <p className="muted" style={{ margin: '0 0 4px' }}>
      <Link href="/requests">Requests</Link> /
    </p>
  );
  if (!valid)
    return (
      <>
        {crumbs}
        <p className="error" role="alert">
          “{params.id}” is not a request number.
        </p>
      </>
    );
  if (detail.isLoading)
    return (
      <>
        {crumbs}
        <p className="muted">Loading request #{requestId}…</p>
      </>
    );
  if (!detail.data)
    return (
      <>
        {crumbs}
        <ErrorBox error={detail.error} />
      </>
    );
  const { request, events, verdictNow, mayDecide, mayCancel } = detail.data;
  const operator = me.data ? hasRole(me.data.role, 'operator') : false;
  return (
    <>
      {crumbs}
      <h1>
        {request.kind === 'create' ? 'New topic' : 'Change to'} <span className="mono">{request.topicName}</span>{' '}
        <span className="muted" style={{ fontSize: 16 }}>
          #{request.id}
        </span>{' '}
        <RequestStateBadge state={request.state} />
      </h1>
      <div className="toolbar">
        {mayDecide && <ApproveDialog request={request} verdictNow={verdictNow} />}
        {mayDecide && <RejectDialog request={request} />}
        {mayCancel && <CancelDialog request={request} />}
        {request.state === 'failed' && operator && <RetryDialog request={request} />}
        {request.state === 'created' && (
          <Link className="button secondary" href={topicHref(request.topicName, request.clusterId)}>
            Open the topic
          </Link>
        )}
      </div>
      <Outcome request={request} operator={operator} mine={me.data?.userId === request.requesterUserId} />
      {verdictNow && (
        <div className={verdictNow.ok ? 'verdict ok' : 'verdict failed'} role="status" data-testid="verdict-now">
          {verdictNow.ok
            ? 'Checked again now: the request follows the policy in force.'
            : 'Checked again now, it breaks the policy in force:'}
          {[...verdictNow.violations, ...verdictNow.problems].map((item) => (
            <div key={item.message}>{item.message}</div>
          ))}
        </div>
      )}
      <Asked request={request} />
      {request.adjustments && <AdjustmentDiff adjustments={request.adjustments} decider={request.deciderName} />}
      <h2>Timeline</h2>
      <ol className="timeline" aria-label="Timeline" data-testid="timeline">
        {events.map((event) => (
          <li key={event.id} data-step={event.step}>
            <span
              className={`badge ${event.step === 'failed' || event.step === 'rejected' ? 'failed' : event.step === 'created' ? 'ok' : ''}`}
            >
              {event.step}
            </span>{' '}
            <strong>{event.actorName}</strong>{' '}
            <time className="muted" dateTime={event.occurredAt.toISOString()} title={event.occurredAt.toISOString()}>
              {event.occurredAt.toLocaleString()}
            </time>
            <div>{event.message}</div>
          </li>
        ))}
        {events.length === 0 && <li className="muted">No steps recorded.</li>}
      </ol>
    </>
  );
}

function Outcome({ request, operator, mine }: { request: Request; operator: boolean; mine: boolean }) {
  if (request.state === 'failed')
    return (
      <div className="error" role="alert" data-testid="request-error">
        Provisioning failed: {request.error ?? 'no error recorded'}. Nothing was created.{' '}
        {operator ? 'Retry when the cause is fixed.' : 'An operator can retry it when the cause is fixed.'}
      </div>
    );
  if (request.state === 'rejected')
    return (
      <div className="verdict failed" role="status">
        Rejected by {request.deciderName}: {request.decisionComment}
      </div>
    );
  if (request.state === 'pending')
    return <p className="muted">Waiting for an operator or admin {mine ? 'other than you ' : ''}to approve or reject it.</p>;
  if (request.state === 'created')
    return (
      <div className="verdict ok" role="status">
        Done: approved by {request.deciderName}
        {request.decisionComment ? ` (“${request.decisionComment}”)` : ''}, and the topic{' '}
        {request.kind === 'create' ? 'was created' : 'was changed'}.
      </div>
    );
  if (request.state === 'cancelled') return <p className="muted">Cancelled by the requester.</p>;
  return <p className="muted">Approved by {request.deciderName}; the console is provisioning it…</p>;
}

function Asked({ request }: { request: Request }) {
  const configs = Object.entries(request.configs);
  const rows: [string, string][] = [
    ['Cluster', request.clusterId],
    ['Team', request.teamName ?? '—'],
    ['Asked by', `${request.requesterName}, ${request.createdAt.toLocaleString()}`],
    [
      'Partitions',
      request.kind === 'change' && request.currentState
        ? `${request.currentState.partitions} → ${request.partitions}`
        : String(request.partitions),
    ],
    ['Replication factor', String(request.replicationFactor)],
    [
      'Expected throughput',
      request.recordsPerSecond === 0
        ? 'not given'
        : `${request.recordsPerSecond.toLocaleString()} records/s × ${describeBytes(request.averageRecordBytes)}`,
    ],
    [
      'Estimated disk',
      request.estimatedDiskBytes === null ? 'unbounded (kept forever with no size limit)' : describeBytes(request.estimatedDiskBytes),
    ],
    ['Expected consumers', request.expectedConsumers.length > 0 ? request.expectedConsumers.join(', ') : '—'],
  ];
  return (
    <section className="panel" aria-label="Request">
      <table aria-label="What was asked" style={{ border: 'none' }}>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th style={{ width: '25%', background: 'none' }}>{label}</th>
              <td>{value}</td>
            </tr>
          ))}
          <tr>
            <th style={{ background: 'none' }}>Configs</th>
            <td className="mono" data-testid="request-configs">
              {configs.length === 0
                ? '—'
                : configs.map(([key, value]) => (
                    <div key={key}>
                      {request.currentState && key in request.currentState.configs
                        ? `${key}: ${request.currentState.configs[key] ?? 'default'} → `
                        : `${key}=`}
                      {value} <span className="muted">{inWords(key, value)}</span>
                    </div>
                  ))}
            </td>
          </tr>
          {request.description && (
            <tr>
              <th style={{ background: 'none' }}>Description</th>
              <td style={{ whiteSpace: 'pre-wrap' }}>{request.description}</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function AdjustmentDiff({ adjustments, decider }: { adjustments: NonNullable<Request['adjustments']>; decider: string | null }) {
  return (
    <section aria-label="Adjusted at approval">
      <h2>Adjusted at approval{decider ? ` by ${decider}` : ''}</h2>
      <table aria-label="Adjustments" data-testid="adjustments">
        <thead>
          <tr>
            <th>Field</th>
            <th>Asked for</th>
            <th>Approved</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(adjustments).map(([key, change]) => (
            <tr key={key}>
              <td className="mono">{key}</td>
              <td className="mono diff-old">
                {change.from ?? 'default'} <span className="hint">{inWords(key, change.from === null ? null : String(change.from))}</span>
              </td>
              <td className="mono diff-new">
                {change.to} <span className="hint">{inWords(key, String(change.to))}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function inWords(key: string, value: string | null): string {
  if (value === null) return '';
  if (key.endsWith('.ms')) return `(${describeWithUnit(value, durationUnits)})`;
  if (key.endsWith('.bytes')) return `(${describeWithUnit(value, sizeUnits)})`;
  return '';
}
