'use client';
// The webhook delivery log: deliveries newest first, each with its attempts (time, HTTP status or error,
// duration, the start of the answer). Used on the webhooks page (one webhook) and an alert's page (its
// notifications). Refreshes every 2 s while a delivery is still pending.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc-provider.tsx';
import { ErrorBox } from './error-box.tsx';
import { formatAgo } from './format-time.ts';

export interface DeliveryFilter {
  webhookId?: string;
  subjectType?: string;
  subjectId?: string;
}

const PAGE_SIZE = 20;

export function WebhookDeliveries({ filter, emptyText }: { filter: DeliveryFilter; emptyText: string }) {
  const trpc = useTRPC();
  const [cursors, setCursors] = useState<number[]>([]);
  const beforeId = cursors[cursors.length - 1];
  const deliveries = useQuery({
    ...trpc.webhooks.listDeliveries.queryOptions({ ...filter, beforeId, limit: PAGE_SIZE }),
    refetchInterval: (query) => (query.state.data?.deliveries.some((delivery) => delivery.status === 'pending') ? 2_000 : 15_000),
  });
  if (deliveries.error) return <ErrorBox error={deliveries.error} />;
  if (!deliveries.data) return <p className="muted">Loading deliveries…</p>;
  const rows = deliveries.data.deliveries;
  return (
    <>
      <table aria-label="Webhook deliveries">
        <thead>
          <tr>
            <th>Queued</th>
            <th>Webhook</th>
            <th>Event</th>
            <th>Status</th>
            <th>Attempts</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((delivery) => (
            <tr key={delivery.id} data-testid="webhook-delivery">
              <td title={delivery.createdAt.toISOString()}>{formatAgo(delivery.createdAt.getTime())}</td>
              <td>{delivery.webhookName}</td>
              <td>
                <span className="mono">{delivery.event}</span>
                <div className="muted">{delivery.title}</div>
              </td>
              <td>
                <span className={`badge ${delivery.status === 'succeeded' ? 'ok' : delivery.status}`}>{delivery.status}</span>
                {delivery.nextAttemptAt && (
                  <div className="muted" title={delivery.nextAttemptAt.toISOString()}>
                    next attempt{' '}
                    {delivery.nextAttemptAt.getTime() <= Date.now() ? 'now' : `at ${delivery.nextAttemptAt.toLocaleTimeString()}`}
                  </div>
                )}
              </td>
              <td>
                <details>
                  <summary>
                    {delivery.attemptCount} of {delivery.maxAttempts}
                    {delivery.lastError ? ` · ${delivery.lastError}` : ''}
                  </summary>
                  <ol className="attempts">
                    {delivery.attempts.map((attempt) => (
                      <li key={attempt.attempt}>
                        <span title={attempt.startedAt.toISOString()}>{attempt.startedAt.toLocaleTimeString()}</span> ·{' '}
                        {attempt.httpStatus === null ? 'no answer' : `HTTP ${attempt.httpStatus}`} · {attempt.durationMs} ms
                        {attempt.error && <div className="muted">{attempt.error}</div>}
                        {attempt.responseSnippet && <pre className="payload">{attempt.responseSnippet}</pre>}
                      </li>
                    ))}
                    {delivery.attempts.length === 0 && <li className="muted">Not attempted yet.</li>}
                  </ol>
                </details>
              </td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                {cursors.length ? 'No older deliveries.' : emptyText}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="pager">
        <button type="button" className="secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          className="secondary"
          disabled={deliveries.data.nextBeforeId === null}
          onClick={() => deliveries.data.nextBeforeId !== null && setCursors([...cursors, deliveries.data.nextBeforeId])}
        >
          Older
        </button>
      </div>
    </>
  );
}
