'use client';
// One alert (`/alerts/<id>`, the link in its notifications): state, what was measured, who acknowledged or
// silenced it, its history, its notifications and its group's lag over time. Operators and admins
// acknowledge and silence (the server checks the role too).
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { hasRole } from '@/domain/roles.ts';
import type { AppRouter } from '../../../../server/api/root.ts';
import { Card } from '../../../components/card.tsx';
import { ErrorBox } from '../../../components/error-box.tsx';
import { groupHref } from '../../../components/group-href.ts';
import { GroupLagHistory } from '../../../components/lag-history-panels.tsx';
import { WebhookDeliveries } from '../../../components/webhook-deliveries.tsx';
import { useTRPC } from '../../../trpc-provider.tsx';
import { AlertStateBadge, isSilenced, TimeAgo } from '../alert-parts.tsx';
import { AcknowledgeForm, SilenceForm } from './alert-actions.tsx';

type Alert = inferRouterOutputs<AppRouter>['alerts']['get'];
type AlertEvent = Alert['events'][number];
const REFRESH_MS = 5_000;

export default function AlertPage() {
  const raw = useParams<{ id: string }>().id;
  const id = Number(raw);
  const trpc = useTRPC();
  const valid = Number.isSafeInteger(id) && id >= 1;
  const me = useQuery(trpc.session.me.queryOptions());
  const alert = useQuery({ ...trpc.alerts.get.queryOptions({ id }), enabled: valid, refetchInterval: REFRESH_MS });
  const mayAct = me.data ? hasRole(me.data.role, 'operator') : false;
  const data = alert.data;
  return (
    <>
      <p className="muted" style={{ margin: '0 0 4px' }}>
        <Link href="/alerts">Alerts</Link> /
      </p>
      <h1>
        Alert #{valid ? id : raw} {data && <AlertStateBadge state={data.state} />}
      </h1>
      {!valid && <div className="error">“{raw}” is not an alert number.</div>}
      <ErrorBox error={alert.error} />
      {valid && alert.isPending && <p className="muted">Loading the alert…</p>}
      {data && <AlertDetail alert={data} mayAct={mayAct} />}
    </>
  );
}

function AlertDetail({ alert, mayAct }: { alert: Alert; mayAct: boolean }) {
  const silenced = isSilenced(alert.silencedUntil);
  return (
    <>
      <p data-testid="alert-summary">
        <strong>{alert.rule.name}</strong> on group{' '}
        <Link className="mono" href={groupHref(alert.groupId, alert.clusterId)}>
          {alert.groupId}
        </Link>{' '}
        (cluster <span className="mono">{alert.clusterId}</span>): {alert.summary}.{' '}
        <span className="muted">
          Rule: {alert.rule.description} (<Link href={`/alerts/rules/${encodeURIComponent(alert.rule.id)}`}>view rule</Link>).
        </span>
      </p>
      <div className="cards">
        <Card label="Pending since" value={<TimeAgo at={alert.pendingSince} />} />
        <Card label="Firing since" value={<TimeAgo at={alert.firedAt} />} note={alert.firedAt ? undefined : 'has not fired'} />
        <Card
          label={alert.state === 'resolved' ? 'Resolved' : 'Last evaluated'}
          value={<TimeAgo at={alert.resolvedAt ?? alert.lastEvaluatedAt} />}
        />
      </div>
      <section className="panel" data-testid="alert-handling">
        <h2 style={{ marginTop: 0 }}>Handling</h2>
        <p data-testid="alert-acknowledged">
          {alert.acknowledgedBy && alert.acknowledgedAt ? (
            <>
              Acknowledged by <strong>{alert.acknowledgedBy}</strong> <TimeAgo at={alert.acknowledgedAt} />
              {alert.acknowledgeNote ? <>: “{alert.acknowledgeNote}”</> : ' (no note)'}
            </>
          ) : (
            <span className="muted">Not acknowledged.</span>
          )}
        </p>
        <p data-testid="alert-silenced">
          {silenced ? (
            <>
              Silenced until <strong title={alert.silencedUntil?.toISOString()}>{alert.silencedUntil?.toLocaleString()}</strong> by{' '}
              <strong>{alert.silencedBy}</strong>: its state changes are recorded but not sent to webhooks.
            </>
          ) : (
            <span className="muted">Not silenced: state changes are sent to the rule&apos;s webhooks.</span>
          )}
        </p>
        {alert.state === 'resolved' ? (
          <p className="muted">Resolved: nothing to acknowledge or silence.</p>
        ) : mayAct ? (
          <div className="alert-actions">
            <AcknowledgeForm alertId={alert.id} acknowledged={alert.acknowledgedBy !== null} />
            <SilenceForm alertId={alert.id} silenced={silenced} />
          </div>
        ) : (
          <p className="muted">Operators and admins acknowledge and silence alerts.</p>
        )}
      </section>
      <h2>History</h2>
      <History events={alert.events} />
      <h2>Notifications</h2>
      <WebhookDeliveries
        filter={{ subjectType: 'alert', subjectId: String(alert.id) }}
        emptyText={
          alert.rule.webhookIds.length === 0
            ? 'The rule names no webhooks, so nothing is sent.'
            : 'Nothing sent yet: firing and resolved (after firing) notify the rule’s webhooks.'
        }
      />
      <GroupLagHistory clusterId={alert.clusterId} groupId={alert.groupId} />
    </>
  );
}

function History({ events }: { events: AlertEvent[] }) {
  if (events.length === 0) return <p className="muted">No history recorded.</p>;
  return (
    <table aria-label="Alert history">
      <thead>
        <tr>
          <th>When</th>
          <th>What</th>
          <th>Who</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} data-testid="alert-event">
            <td title={event.at.toISOString()}>{event.at.toLocaleString()}</td>
            <td>{event.kind}</td>
            <td>{event.actor ?? <span className="muted">evaluator</span>}</td>
            <td>{eventDetail(event)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The note of an action, or for a state change what was measured and whether webhooks were notified. */
function eventDetail(event: AlertEvent): string {
  const parts: string[] = [];
  if (event.note) parts.push(event.note);
  const detail = event.detail ?? {};
  if (typeof detail.summary === 'string') parts.push(detail.summary);
  if (detail.silenced === true) parts.push('silenced: not sent');
  else if (typeof detail.notified === 'number' && detail.notified > 0)
    parts.push(`${detail.notified} webhook${detail.notified === 1 ? '' : 's'} notified`);
  return parts.join(' · ') || '—';
}
