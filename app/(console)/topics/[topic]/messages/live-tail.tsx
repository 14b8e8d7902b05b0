'use client';
// The live tail (?live=1): new records as they arrive, over a tRPC subscription (server-sent events), with the
// page's filters applied on the server. The list is virtualised and keeps at most maxRows rows; when the page
// cannot keep up the server skips records for it and the count shows here. Pause ends the subscription;
// resume (or a reconnect) continues from the last position seen, with no gap and no duplicates.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useSubscription } from '@trpc/tanstack-react-query';
import Link from 'next/link';
import { memo, useRef, useState } from 'react';
import { ErrorBox } from '../../../../components/error-box.tsx';
import { useTRPC } from '../../../../trpc-provider.tsx';
import { toSearchInput, type BrowseQuery } from './browse-query.ts';
import { base64ToBytes, previewLine } from './payload-format.ts';
import type { RecordData } from './record-detail.tsx';
import { recordHref } from './record-href.ts';

const maxRows = 2_000;
const rowHeightPx = 34;

interface SkippedRange {
  partition: number;
  fromOffset: string;
  toOffset: string;
}

export function LiveTail({ clusterId, topic, query }: { clusterId: string; topic: string; query: BrowseQuery }) {
  const trpc = useTRPC();
  const [rows, setRows] = useState<RecordData[]>([]);
  const [skipped, setSkipped] = useState(0);
  const [lastSkipped, setLastSkipped] = useState<SkippedRange[]>([]);
  const [paused, setPaused] = useState(false);
  const [resumeAt, setResumeAt] = useState<string | null>(null);
  // Where to resume after a pause; changing it restarts the subscription from there.
  const [resumeFrom, setResumeFrom] = useState<string | undefined>(undefined);
  const search = toSearchInput(clusterId, topic, query);
  const input = { clusterId, topic, partition: search.partition, isolation: search.isolation, filter: search.filter, resumeFrom };
  const subscription = useSubscription(
    trpc.messages.tail.subscriptionOptions(input, {
      enabled: !paused,
      onData: (envelope) => {
        const event = envelope.data;
        setResumeAt(event.resumeAt);
        if (event.skipped > 0) {
          setSkipped((count) => count + event.skipped);
          setLastSkipped(event.skippedRanges);
        }
        if (event.records.length > 0) setRows((current) => [...[...event.records].reverse(), ...current].slice(0, maxRows));
      },
    }),
  );
  const togglePause = () => {
    if (!paused) setResumeFrom(resumeAt ?? undefined);
    setPaused(!paused);
  };
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeightPx,
    overscan: 10,
  });
  const status = paused
    ? 'Paused'
    : subscription.status === 'pending'
      ? 'Live'
      : subscription.status === 'connecting'
        ? 'Connecting…'
        : subscription.status === 'error'
          ? 'Disconnected'
          : 'Idle';
  return (
    <>
      <div className="progress" data-testid="tail-status">
        <span className={`badge ${status === 'Live' ? 'ok' : 'pending'}`}>{status}</span>
        <span>
          {rows.length.toLocaleString()} records shown (newest first, at most {maxRows.toLocaleString()} kept)
        </span>
        {skipped > 0 && (
          <span className="note" data-testid="tail-skipped">
            Skipped {skipped.toLocaleString()} records the page could not keep up with (
            {lastSkipped.map((range) => `p${range.partition}: ${range.fromOffset}–${range.toOffset}`).join(', ')})
          </span>
        )}
        <button type="button" className="secondary" onClick={togglePause}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="secondary" onClick={() => setRows([])}>
          Clear
        </button>
      </div>
      <ErrorBox error={subscription.error} />
      <div className="tail-head mono">
        <span>Partition</span>
        <span>Offset</span>
        <span>Timestamp</span>
        <span>Key</span>
        <span>Value</span>
      </div>
      <div ref={scrollRef} className="tail-list" data-testid="tail-list">
        {rows.length === 0 && (
          <div className="muted" style={{ padding: 12 }}>
            Waiting for new records{query.filter || query.valueContains || query.keyContains ? ' that match the filters' : ''}…
          </div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const record = rows[item.index];
            return (
              <div
                key={`${record.partition}/${record.offset}`}
                className="tail-row mono"
                data-testid="tail-row"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
              >
                <TailRowCells record={record} topic={topic} clusterId={clusterId} />
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}

/**
 * A row's cells, rendered once per record: a new record moves every visible row down (a new transform on its
 * wrapper) without rendering their cells, links and previews again.
 */
const TailRowCells = memo(function TailRowCells({ record, topic, clusterId }: { record: RecordData; topic: string; clusterId: string }) {
  return (
    <>
      <span>{record.partition}</span>
      <span>
        {/* No prefetch: every row scrolling into view would fetch its record page from the console, hundreds of
            requests a second under a busy topic, for links rarely followed. */}
        <Link href={recordHref(topic, clusterId, record.partition, record.offset)} prefetch={false}>
          {record.offset}
        </Link>
      </span>
      <span>{new Date(record.timestampMs).toISOString()}</span>
      <span className="preview">{record.key ? previewLine(base64ToBytes(record.key.base64), 40) : 'null'}</span>
      <span className="preview" data-testid="tail-value">
        {record.value ? previewLine(base64ToBytes(record.value.base64)) : 'null'}
      </span>
    </>
  );
});
