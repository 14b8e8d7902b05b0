'use client';
// This topic's config changes from the audit log, newest first, each with its diff; changes other tools
// made over the Kafka protocol (recorded by the built-in broker) show their client id.
import { useQuery } from '@tanstack/react-query';
import { ErrorBox } from '../../../../components/error-box.tsx';
import { formatAgo } from '../../../../components/format-time.ts';
import { useTRPC } from '../../../../trpc-provider.tsx';

export function ConfigHistory({ clusterId, name }: { clusterId: string; name: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.topics.configHistory.queryOptions({ clusterId, name }));
  return (
    <section aria-label="Config history">
      <h2>History</h2>
      <ErrorBox error={history.error} />
      {history.data?.length === 0 && <p className="muted">No config changes recorded for this topic yet.</p>}
      {history.data && history.data.length > 0 && (
        <table data-testid="config-history">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Outcome</th>
              <th>Changes</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((entry) => (
              <tr key={entry.id}>
                <td title={entry.occurredAt.toISOString()}>{formatAgo(entry.occurredAt.getTime())}</td>
                <td>
                  {entry.actorName}
                  {entry.actorRole === 'external' ? (
                    <span className="badge" style={{ marginLeft: 6 }} title="Changed by another tool over the Kafka protocol">
                      other tool
                    </span>
                  ) : (
                    <span className="muted"> ({entry.actorRole})</span>
                  )}
                </td>
                <td>
                  <span className={`badge ${entry.outcome === 'succeeded' ? 'ok' : entry.outcome}`}>{entry.outcome}</span>
                  {entry.error && <div className="field-error">{entry.error}</div>}
                </td>
                <td className="mono">
                  {entry.diff.map((change) => (
                    <div key={change.key}>
                      {change.key}: <span className="diff-old">{change.oldValue ?? '(default)'}</span> →{' '}
                      <span className="diff-new">
                        {change.operation === 'delete' ? `default (${change.newValue ?? '?'})` : (change.newValue ?? '(default)')}
                      </span>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
