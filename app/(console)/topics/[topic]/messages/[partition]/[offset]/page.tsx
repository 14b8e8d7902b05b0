'use client';
// /topics/<topic>/messages/<partition>/<offset>: one record, with copy buttons for key, value, headers and
// the link itself.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useClusterId } from '../../../../../../components/cluster-context.tsx';
import { ErrorBox } from '../../../../../../components/error-box.tsx';
import { formatBytes } from '../../../../../../components/format-bytes.ts';
import { topicHref } from '../../../../../../components/topic-href.ts';
import { useTRPC } from '../../../../../../trpc-provider.tsx';
import { CopyText, RecordDetail } from '../../record-detail.tsx';

export default function RecordPage() {
  const trpc = useTRPC();
  const params = useParams<{ topic: string; partition: string; offset: string }>();
  const topic = decodeURIComponent(params.topic);
  const partition = Number(params.partition);
  const offset = params.offset;
  const { clusterId } = useClusterId();
  const valid = /^\d{1,7}$/.test(params.partition) && /^\d{1,19}$/.test(offset);
  const record = useQuery({ ...trpc.messages.get.queryOptions({ clusterId, topic, partition, offset }), enabled: valid });
  const [link, setLink] = useState('');
  useEffect(() => setLink(window.location.href), []);
  return (
    <>
      <h2 style={{ marginTop: 0 }}>
        Record {partition}/{offset}
      </h2>
      <div className="toolbar">
        <CopyText label="Copy link" text={link} />
        <Link href={topicHref(topic, clusterId, 'messages', { partition: String(partition), offset })}>Browse from here</Link>
      </div>
      {!valid && (
        <div className="error" role="alert">
          The address needs a partition number and an offset: /topics/&lt;topic&gt;/messages/&lt;partition&gt;/&lt;offset&gt;.
        </div>
      )}
      <ErrorBox error={record.error} />
      {record.isLoading && <div className="muted">Loading…</div>}
      {record.data && (
        <>
          <div className="cards">
            <Card label="Partition" value={String(record.data.partition)} />
            <Card label="Offset" value={record.data.offset} />
            <Card label={`Timestamp (${record.data.timestampType})`} value={new Date(record.data.timestampMs).toISOString()} />
            <Card label="Size" value={formatBytes(record.data.sizeBytes)} />
          </div>
          <RecordDetail clusterId={clusterId} topic={topic} record={record.data} withCopy />
        </>
      )}
    </>
  );
}

function Card({ label, value }: { label: string; value: string }) {
  return (
    <div className="card">
      <div className="label">{label}</div>
      <div className="value mono" style={{ fontSize: 15 }}>
        {value}
      </div>
    </div>
  );
}
