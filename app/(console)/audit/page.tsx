'use client';
// Audit log viewer: filters by who, action, resource and time; CSV export of the filtered records. The filters
// and the page live in the address (actor, action, resource, from, to, page), so other pages link to a
// filtered view (a replay's page to its records: ?resource=<id>).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useState, type FormEvent } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { useQueryState } from '../../components/query-state.ts';
import { useTRPC } from '../../trpc-provider.tsx';
import { auditActions, type AuditAction } from '@/domain/audit-actions.ts';

interface Filters {
  actor?: string;
  action?: AuditAction;
  resource?: string;
  from?: Date;
  to?: Date;
}
const pageSize = 50;

/** The filters the address holds; a time that does not parse is left out. */
function filtersFrom(params: URLSearchParams): Filters {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const time = (name: string) => {
    const date = text(name) ? new Date(text(name)!) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date : undefined;
  };
  const action = text('action');
  return {
    actor: text('actor'),
    action: action && (auditActions as readonly string[]).includes(action) ? (action as AuditAction) : undefined,
    resource: text('resource'),
    from: time('from'),
    to: time('to'),
  };
}

export default function AuditPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <AuditLog />
    </Suspense>
  );
}

function AuditLog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { params, update } = useQueryState();
  const filters = filtersFrom(params);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const setPage = (next: number) => update({ page: next > 1 ? String(next) : null });
  const [exportError, setExportError] = useState<unknown>(null);
  const records = useQuery({ ...trpc.audit.list.queryOptions({ ...filters, page, pageSize }), placeholderData: keepPreviousData });

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    update({
      actor: text('actor') ?? null,
      action: text('action') ?? null,
      resource: text('resource') ?? null,
      from: text('from') ?? null,
      to: text('to') ?? null,
      page: null,
    });
  };

  const exportCsv = async () => {
    setExportError(null);
    try {
      const result = await queryClient.fetchQuery(trpc.audit.exportCsv.queryOptions(filters, { staleTime: 0 }));
      const url = URL.createObjectURL(new Blob([result.csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `samsa-audit-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setExportError(error);
    }
  };

  const totalCount = records.data?.totalCount ?? 0;
  const pageCount = Math.max(1, Math.ceil(totalCount / pageSize));
  return (
    <>
      <h1>Audit log</h1>
      <form key={params.toString()} className="form-grid" onSubmit={apply} aria-label="Audit filters">
        <label>
          Who
          <input name="actor" placeholder="username" defaultValue={params.get('actor') ?? ''} />
        </label>
        <label>
          Action
          <select name="action" defaultValue={filters.action ?? ''}>
            <option value="">any</option>
            {auditActions.map((action) => (
              <option key={action}>{action}</option>
            ))}
          </select>
        </label>
        <label>
          Resource
          <input name="resource" placeholder="topic, user, team…" defaultValue={params.get('resource') ?? ''} />
        </label>
        <label>
          From
          <input name="from" type="datetime-local" defaultValue={params.get('from') ?? ''} />
        </label>
        <label>
          To
          <input name="to" type="datetime-local" defaultValue={params.get('to') ?? ''} />
        </label>
        <div className="toolbar" style={{ marginBottom: 0 }}>
          <button type="submit">Filter</button>
          <button type="button" className="secondary" onClick={exportCsv}>
            Export CSV
          </button>
        </div>
      </form>
      <ErrorBox error={records.error ?? exportError} />
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Resource</th>
            <th>Outcome</th>
            <th>Details</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {records.data?.rows.map((record) => (
            <tr key={record.id}>
              <td>{record.occurredAt.toLocaleString()}</td>
              <td>
                {record.actorName} <span className="muted">({record.actorRole})</span>
              </td>
              <td className="mono">{record.action}</td>
              <td>
                <span className="muted">{record.resourceType}</span> <span className="mono">{record.resourceName}</span>
                {record.clusterId && <div className="muted">cluster {record.clusterId}</div>}
              </td>
              <td>
                <span className={`badge ${record.outcome === 'succeeded' ? 'ok' : record.outcome}`}>
                  {record.outcome === 'pending' ? 'outcome unknown' : record.outcome}
                </span>
                {record.error && <div className="error">{record.error}</div>}
              </td>
              <td>
                <JsonDetails label="parameters" value={record.parameters} />
                <JsonDetails label="before" value={record.before} />
                <JsonDetails label="after" value={record.after} />
              </td>
              <td className="mono">
                {record.clientAddress}
                <div className="muted" title={`request id ${record.requestId ?? ''}`}>
                  {/* Other tools' changes carry `<topic>@<offset>`, shown whole; request UUIDs are cut short. */}
                  {record.requestId?.includes('@') ? record.requestId : record.requestId?.slice(0, 8)}
                </div>
              </td>
            </tr>
          ))}
          {records.data && records.data.rows.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                No records match.
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
          Page {page} of {pageCount} · {totalCount.toLocaleString()} records
        </span>
        <button type="button" className="secondary" disabled={page >= pageCount} onClick={() => setPage(page + 1)}>
          Next
        </button>
      </div>
    </>
  );
}

function JsonDetails({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <details className="json">
      <summary>{label}</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
