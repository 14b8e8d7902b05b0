'use client';
// /topics/<topic>/messages: browse and search a topic's records. The whole search lives in the query string
// (partition, from/offset/timestamp, filters, limit, isolation, cursor), so a link or a reload shows the same
// records. The search runs on the server as a bounded scan; this page starts it and polls its progress.
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams, useRouter, useSearchParams } from 'next/navigation';
import { Fragment, Suspense, useEffect, useRef, useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { useClusterId } from '../../../../components/cluster-context.tsx';
import { ErrorBox } from '../../../../components/error-box.tsx';
import { RecordFilterFields } from '../../../../components/record-filter-fields.tsx';
import { formatBytes } from '../../../../components/format-bytes.ts';
import { useTRPC } from '../../../../trpc-provider.tsx';
import { browseQueryToParams, invalidTimeFields, parseBrowseQuery, toSearchInput, type BrowseQuery } from './browse-query.ts';
import { base64ToBytes, previewLine } from './payload-format.ts';
import { LiveTail } from './live-tail.tsx';
import { ProduceForm } from './produce-form.tsx';
import { RecordDetail, type RecordData } from './record-detail.tsx';
import { previousOf, rememberPrevious } from './page-history.ts';
import { recordHref } from './record-href.ts';

const stopReasons: Record<string, string> = {
  limit: 'Page full.',
  end: 'Reached the end: no more records.',
  maxRecords: 'Stopped at the limit of records scanned.',
  maxBytes: 'Stopped at the limit of bytes read.',
  maxDuration: 'Stopped at the time limit.',
  cancelled: 'Cancelled.',
  topicDeleted: 'The topic was deleted during the search.',
  failed: 'The search failed.',
};

export default function MessagesPage() {
  return (
    <Suspense fallback={<div className="muted">Loading…</div>}>
      <MessagesBrowser />
    </Suspense>
  );
}

function MessagesBrowser() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useParams<{ topic: string }>();
  const topic = decodeURIComponent(params.topic);
  const searchParams = useSearchParams();
  const queryString = searchParams.toString();
  const query = parseBrowseQuery(new URLSearchParams(queryString));
  const { clusterId } = useClusterId();
  const basePath = `/topics/${encodeURIComponent(topic)}/messages`;

  const topicInfo = useQuery(trpc.topics.list.queryOptions({ clusterId, search: topic, page: 1, pageSize: 50 }));
  const partitionCount = topicInfo.data?.rows.find((row) => row.name === topic)?.partitions ?? null;

  const [scanId, setScanId] = useState<string | null>(null);
  // Searching again with the same query (or after producing) must run a new scan: the URL alone does not change.
  const [runCount, setRunCount] = useState(0);
  const search = useMutation(trpc.messages.search.mutationOptions({ onSuccess: (started) => setScanId(started.scanId) }));
  const cancel = useMutation(trpc.messages.cancel.mutationOptions());
  const { mutate: startSearch, reset: resetSearch } = search;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runCount is the trigger for searching again with the same query
  useEffect(() => {
    setScanId(null);
    resetSearch();
    if (parseBrowseQuery(new URLSearchParams(queryString)).live) return;
    startSearch(toSearchInput(clusterId, topic, parseBrowseQuery(new URLSearchParams(queryString))));
  }, [clusterId, topic, queryString, runCount, startSearch, resetSearch]);
  const scan = useQuery({
    ...trpc.messages.scan.queryOptions({ scanId: scanId ?? '00000000-0000-0000-0000-000000000000' }),
    enabled: scanId !== null,
    refetchInterval: (current) => (current.state.data?.state === 'finished' ? false : 250),
  });
  const snapshot = scanId !== null && scan.data?.scanId === scanId ? scan.data : null;
  // A search this page no longer shows (new query, another page) is cancelled, so it does not keep one of the
  // user's few running places while the next search waits.
  const finishedScan = useRef<string | null>(null);
  if (snapshot?.state === 'finished') finishedScan.current = snapshot.scanId;
  const { mutate: cancelSearch } = cancel;
  useEffect(() => {
    if (scanId === null) return;
    return () => {
      if (finishedScan.current !== scanId) cancelSearch({ scanId }, { onError: () => {} });
    };
  }, [scanId, cancelSearch]);

  const go = (next: BrowseQuery) => {
    const nextParams = browseQueryToParams(next);
    // A link made on another cluster keeps naming it.
    const cluster = searchParams.get('cluster');
    if (cluster) nextParams.set('cluster', cluster);
    const nextQueryString = nextParams.toString();
    if (nextQueryString === queryString) setRunCount((count) => count + 1);
    else {
      // Paging on (a cursor): the next page remembers this one for "Previous page".
      if (next.cursor) rememberPrevious(sessionStorage, `${basePath}?${nextQueryString}`, `${basePath}?${queryString}`);
      router.push(`${basePath}?${nextQueryString}`);
    }
  };
  // Read after mounting: sessionStorage exists only in the browser.
  const [previousPage, setPreviousPage] = useState<string | null>(null);
  useEffect(() => setPreviousPage(previousOf(sessionStorage, `${basePath}?${queryString}`)), [basePath, queryString]);
  const cursor = snapshot?.outcome?.cursor;
  const hasMore = cursor !== undefined && Object.keys(cursor).length > 0;
  const newestFirst = query.from === 'latest';
  // Every match from the search's start (not just this page), streamed by the server as a download.
  const exportParams = browseQueryToParams({ ...query, cursor: null, live: false });
  exportParams.set('topic', topic);
  exportParams.set('cluster', clusterId);
  const exportHref = `/api/messages/export?${exportParams.toString()}`;
  const [exportId, setExportId] = useState<string | null>(null);

  return (
    <>
      <SearchForm key={queryString} query={query} partitionCount={partitionCount} onSearch={go} error={search.error} />
      <div className="toolbar">
        <ProduceForm
          clusterId={clusterId}
          topic={topic}
          partitionCount={partitionCount}
          onProduced={() => setRunCount((count) => count + 1)}
        />
      </div>
      <div className="toolbar">
        <button
          type="button"
          className={query.live ? undefined : 'secondary'}
          onClick={() => go({ ...query, live: !query.live, cursor: null })}
        >
          {query.live ? 'Stop live tail' : 'Live tail'}
        </button>
      </div>
      {query.live ? (
        <LiveTail key={`${clusterId}/${queryString}`} clusterId={clusterId} topic={topic} query={query} />
      ) : (
        renderBrowseResults()
      )}
    </>
  );

  function renderBrowseResults() {
    return (
      <>
        <ErrorBox error={search.error ?? scan.error ?? topicInfo.error} />
        {invalidTimeFields(query).map((field) => (
          <div key={field} className="note" role="status">
            {field} in this link is not a time: the search ignores it.
          </div>
        ))}
        {snapshot && <ScanStatus snapshot={snapshot} onCancel={() => cancel.mutate({ scanId: snapshot.scanId })} />}
        <RecordTable clusterId={clusterId} topic={topic} records={snapshot?.matches ?? []} loading={snapshot?.state !== 'finished'} />
        <div className="pager">
          <button
            type="button"
            className="secondary"
            onClick={() => previousPage && router.push(previousPage)}
            disabled={!query.cursor || !previousPage}
            title={query.cursor && !previousPage ? 'This page was opened from a link: start from the first page to page back.' : undefined}
          >
            Previous page
          </button>
          <button
            type="button"
            className="secondary"
            disabled={!hasMore || snapshot?.state !== 'finished'}
            onClick={() => go({ ...query, cursor: cursor ?? null })}
          >
            {snapshot?.outcome && snapshot.outcome.stoppedBy !== 'limit' && hasMore
              ? 'Continue from where it stopped'
              : newestFirst
                ? 'Older records'
                : 'Newer records'}
          </button>
          <span className="muted">{newestFirst ? 'Newest first' : 'Oldest first from the start position'}</span>
          <a className="button secondary" href={exportHref} download onClick={(event) => setExportId(nameExport(event.currentTarget))}>
            Export matches (JSON Lines)
          </a>
        </div>
        {exportId && (
          <ExportStatus
            key={exportId}
            exportId={exportId}
            exportHref={exportHref}
            onCancel={() => cancel.mutate({ scanId: exportId })}
            onExport={setExportId}
          />
        )}
      </>
    );
  }
}

/** The query's fields that are edited as plain text. */
type TextFieldName = 'offset' | 'timestamp' | 'findKey' | 'timeFrom' | 'timeTo';

function SearchForm({
  query,
  partitionCount,
  onSearch,
  error,
}: {
  query: BrowseQuery;
  partitionCount: number | null;
  onSearch: (query: BrowseQuery) => void;
  /** The search's error: a CEL error's position is marked under the expression. */
  error: unknown;
}) {
  const [draft, setDraft] = useState<BrowseQuery>(query);
  const set = <K extends keyof BrowseQuery>(name: K, value: BrowseQuery[K]) => setDraft((current) => ({ ...current, [name]: value }));
  const [invalid, setInvalid] = useState<string[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wrong = invalidTimeFields(draft);
    setInvalid(wrong);
    if (wrong.length === 0) onSearch({ ...draft, cursor: null });
  };
  /** A labelled text input bound to one of the query's text fields, named as the field. */
  const textField = (label: string, name: TextFieldName, extra: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label>
      {label}
      <input value={draft[name]} onChange={(event) => set(name, event.target.value)} name={name} {...extra} />
    </label>
  );
  return (
    <form className="form-grid" onSubmit={submit} aria-label="Search records">
      <label>
        Partition
        <select
          value={draft.partition ?? ''}
          onChange={(event) => set('partition', event.target.value === '' ? null : Number(event.target.value))}
          name="partition"
        >
          <option value="">All partitions</option>
          {Array.from({ length: Math.max(partitionCount ?? 0, (draft.partition ?? -1) + 1) }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the index is the partition number
            <option key={index} value={index}>
              {index}
            </option>
          ))}
        </select>
      </label>
      <label>
        Start
        <select value={draft.from} onChange={(event) => set('from', event.target.value as BrowseQuery['from'])} name="from">
          <option value="latest">Newest first</option>
          <option value="earliest">Earliest</option>
          <option value="offset">At an offset</option>
          <option value="timestamp">At a timestamp</option>
        </select>
      </label>
      {draft.from === 'offset' && textField('Offset', 'offset', { inputMode: 'numeric' })}
      {draft.from === 'timestamp' && textField('Timestamp (ISO-8601 or epoch ms)', 'timestamp', { placeholder: '2026-01-31T12:00:00Z' })}
      <label>
        Isolation
        <select
          value={draft.isolation}
          onChange={(event) => set('isolation', event.target.value as BrowseQuery['isolation'])}
          name="isolation"
        >
          <option value="READ_UNCOMMITTED">Read uncommitted</option>
          <option value="READ_COMMITTED">Read committed</option>
        </select>
      </label>
      <label>
        Records a page
        <input
          type="number"
          min={1}
          max={500}
          value={draft.limit}
          onChange={(event) => set('limit', Number(event.target.value))}
          name="limit"
        />
      </label>
      <RecordFilterFields
        value={{ ...draft, expression: draft.filter }}
        onChange={(name, text) => set(name === 'expression' ? 'filter' : name, text)}
        error={error}
      >
        {textField('Find key (its partition only)', 'findKey')}
        {textField('From time (ISO-8601 or epoch ms)', 'timeFrom', { placeholder: '2026-01-31T12:00:00Z' })}
        {textField('To time (ISO-8601 or epoch ms)', 'timeTo', { placeholder: '2026-01-31T13:00:00Z' })}
      </RecordFilterFields>
      {invalid.length > 0 && (
        <div className="error" role="alert" style={{ gridColumn: '1 / -1' }}>
          {invalid.join(' and ')}: not a time. Use ISO-8601 (2026-01-31T12:00:00Z) or milliseconds since the epoch.
        </div>
      )}
      <div style={{ display: 'flex', gap: 8 }}>
        <button type="submit">Search</button>
        <button type="button" className="secondary" onClick={() => onSearch(parseBrowseQuery(new URLSearchParams()))}>
          Reset
        </button>
      </div>
    </form>
  );
}

interface Snapshot {
  scanId: string;
  state: 'queued' | 'running' | 'finished';
  queuedBehind: number;
  progress: { scanned: number; matched: number; bytes: number; elapsedMs: number; positions: Record<string, string> };
  outcome: { stoppedBy: string; error: string | null; cursor: Record<string, string> } | null;
  notes: string[];
}

function ScanStatus({
  snapshot,
  onCancel,
  testId = 'scan',
  reasons = stopReasons,
}: {
  snapshot: Snapshot;
  onCancel: () => void;
  testId?: string;
  reasons?: Record<string, string>;
}) {
  const { progress } = snapshot;
  const perSecond = progress.elapsedMs > 0 ? Math.round((progress.scanned * 1000) / progress.elapsedMs) : 0;
  return (
    <>
      {snapshot.notes.map((note) => (
        <div key={note} className="note" role="status">
          {note}
        </div>
      ))}
      <div className="progress" data-testid={`${testId}-status`} data-state={snapshot.state}>
        {snapshot.state === 'queued' && <span>Waiting for other searches to finish ({snapshot.queuedBehind} ahead)…</span>}
        <span>
          Scanned {progress.scanned.toLocaleString()} records ({formatBytes(progress.bytes)}, {perSecond.toLocaleString()}/s), matched{' '}
          {progress.matched.toLocaleString()}
        </span>
        <span className="muted">
          Position:{' '}
          {Object.entries(progress.positions)
            .map(([partition, offset]) => `p${partition}@${offset}`)
            .join(' ')}
        </span>
        {snapshot.state !== 'finished' && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
        {snapshot.outcome && (
          <span data-testid={`${testId}-outcome`}>{reasons[snapshot.outcome.stoppedBy] ?? snapshot.outcome.stoppedBy}</span>
        )}
      </div>
      {snapshot.outcome?.error && (
        <div className="error" role="alert">
          {snapshot.outcome.error}
        </div>
      )}
    </>
  );
}

const exportStopReasons: Record<string, string> = {
  ...stopReasons,
  end: 'Export complete: every match is in the file.',
  cancelled: 'Export cancelled: the file is incomplete.',
  failed: 'The export failed: the file is incomplete.',
};

/** Gives the download about to start its own id (so its progress can be read) by adding it to the link. */
function nameExport(link: HTMLAnchorElement): string {
  const id = crypto.randomUUID();
  const url = new URL(link.href);
  url.searchParams.set('exportId', id);
  link.href = url.toString();
  return id;
}

/** An export's progress while the browser downloads it; a bound that stopped it offers the rest as a new file. */
function ExportStatus({
  exportId,
  exportHref,
  onCancel,
  onExport,
}: {
  exportId: string;
  exportHref: string;
  onCancel: () => void;
  onExport: (exportId: string) => void;
}) {
  const trpc = useTRPC();
  const exportScan = useQuery({
    ...trpc.messages.scan.queryOptions({ scanId: exportId }),
    refetchInterval: (current) => (current.state.data?.state === 'finished' ? false : 500),
    // The download's request registers the export: until it arrives the id is unknown for a moment.
    retry: 20,
    retryDelay: 250,
  });
  const snapshot = exportScan.data;
  const cursor = snapshot?.outcome?.cursor ?? {};
  const stoppedByBound = snapshot?.outcome && ['maxRecords', 'maxBytes', 'maxDuration'].includes(snapshot.outcome.stoppedBy);
  const continueParams = new URL(exportHref, 'http://console').searchParams;
  continueParams.set(
    'cursor',
    Object.entries(cursor)
      .map(([partition, offset]) => `${partition}:${offset}`)
      .join(','),
  );
  return (
    <section aria-label="Export">
      <h3>Export</h3>
      <ErrorBox error={exportScan.error} />
      {snapshot ? (
        <ScanStatus snapshot={snapshot} onCancel={onCancel} testId="export" reasons={exportStopReasons} />
      ) : (
        !exportScan.error && <div className="muted">Starting the download…</div>
      )}
      {stoppedByBound && Object.keys(cursor).length > 0 && (
        <a
          className="button secondary"
          href={`/api/messages/export?${continueParams.toString()}`}
          download
          data-testid="export-continue"
          onClick={(event) => onExport(nameExport(event.currentTarget))}
        >
          Continue the export from where it stopped (a new file)
        </a>
      )}
    </section>
  );
}

function RecordTable({
  clusterId,
  topic,
  records,
  loading,
}: {
  clusterId: string;
  topic: string;
  records: RecordData[];
  loading: boolean;
}) {
  const [expanded, setExpanded] = useState<string | null>(null);
  const idOf = (record: RecordData) => `${record.partition}/${record.offset}`;
  return (
    <table data-testid="records">
      <thead>
        <tr>
          <th className="num">Partition</th>
          <th className="num">Offset</th>
          <th>Timestamp</th>
          <th>Key</th>
          <th>Value</th>
          <th className="num">Headers</th>
          <th className="num">Size</th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => {
          const id = idOf(record);
          const isOpen = expanded === id;
          return (
            <Fragment key={id}>
              <tr
                className={isOpen ? 'expanded' : undefined}
                onClick={() => setExpanded(isOpen ? null : id)}
                style={{ cursor: 'pointer' }}
                data-testid="record-row"
              >
                <td className="num">{record.partition}</td>
                <td className="num">
                  {/* No prefetch (as in the live tail): a page of rows would fetch every record's page, rarely followed. */}
                  <Link
                    href={recordHref(topic, clusterId, record.partition, record.offset)}
                    prefetch={false}
                    onClick={(event) => event.stopPropagation()}
                  >
                    {record.offset}
                  </Link>
                </td>
                <td className="mono" title={record.timestampType}>
                  {new Date(record.timestampMs).toISOString()}{' '}
                  <span className="muted">{record.timestampType === 'LogAppendTime' ? 'log append' : 'create'}</span>
                </td>
                <td className="mono preview">
                  {record.key ? previewLine(base64ToBytes(record.key.base64), 40) : <span className="muted">null</span>}
                </td>
                <td className="mono preview" data-testid="value-preview">
                  {record.value ? previewLine(base64ToBytes(record.value.base64)) : <span className="muted">null</span>}
                </td>
                <td className="num">{record.headers.length}</td>
                <td className="num">{formatBytes(record.sizeBytes)}</td>
              </tr>
              {isOpen && (
                <tr className="expanded">
                  <td colSpan={7}>
                    <RecordDetail clusterId={clusterId} topic={topic} record={record} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
        {records.length === 0 && (
          <tr>
            <td colSpan={7} className="muted" data-testid="records-empty">
              {loading ? 'Searching…' : 'No records match.'}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
