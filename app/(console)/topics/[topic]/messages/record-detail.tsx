'use client';
// A record's key, value and headers in one chosen format (auto, text, JSON, hex, base64). A value cut to the
// preview limit offers "load whole value", which fetches that one record again, whole.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorBox } from '../../../../components/error-box.tsx';
import { formatBytes } from '../../../../components/format-bytes.ts';
import { useTRPC } from '../../../../trpc-provider.tsx';
import { base64ToBytes, payloadFormats, renderPayload, type PayloadFormat } from './payload-format.ts';
import { PayloadView, type Payload } from './payload-view.tsx';

export interface RecordData {
  partition: number;
  offset: string;
  timestampMs: number;
  timestampType: string;
  key: Payload | null;
  value: Payload | null;
  headers: { name: string; value: Payload | null }[];
  sizeBytes: number;
}

export function RecordDetail({
  clusterId,
  topic,
  record,
  withCopy = false,
}: {
  clusterId: string;
  topic: string;
  record: RecordData;
  withCopy?: boolean;
}) {
  const trpc = useTRPC();
  const [format, setFormat] = useState<PayloadFormat>('auto');
  const [wantWhole, setWantWhole] = useState(false);
  const whole = useQuery({
    ...trpc.messages.get.queryOptions({ clusterId, topic, partition: record.partition, offset: record.offset, whole: true }),
    enabled: wantWhole,
    staleTime: Infinity,
  });
  const value = whole.data?.value ?? record.value;
  return (
    <div className="record-detail" data-testid="record-detail">
      <fieldset className="format-tabs" aria-label="Format">
        {payloadFormats.map((candidate) => (
          <button
            key={candidate}
            type="button"
            className={candidate === format ? undefined : 'secondary'}
            aria-pressed={candidate === format}
            onClick={() => setFormat(candidate)}
          >
            {candidate === 'json' ? 'JSON' : candidate}
          </button>
        ))}
      </fieldset>
      <section>
        <h3>
          Key {record.key && <span className="muted">({formatBytes(record.key.sizeBytes)})</span>}{' '}
          {withCopy && <CopyButton label="Copy key" payload={record.key} />}
        </h3>
        <PayloadView payload={record.key} format={format} testId="record-key" />
      </section>
      <section>
        <h3>
          Value {value && <span className="muted">({formatBytes(value.sizeBytes)})</span>}{' '}
          {withCopy && <CopyButton label="Copy value" payload={value} />}
        </h3>
        {value?.truncated && (
          <div className="note">
            Showing the first {formatBytes(base64ToBytes(value.base64).length)} of {formatBytes(value.sizeBytes)}.{' '}
            <button type="button" className="secondary" onClick={() => setWantWhole(true)} disabled={whole.isFetching}>
              {whole.isFetching ? 'Loading…' : 'Load whole value'}
            </button>
          </div>
        )}
        <ErrorBox error={whole.error} />
        <PayloadView payload={value} format={format} testId="record-value" />
      </section>
      <section>
        <h3>
          Headers ({record.headers.length}){' '}
          {withCopy && record.headers.length > 0 && <CopyText label="Copy headers" text={headersAsJson(record.headers)} />}
        </h3>
        {record.headers.length === 0 ? (
          <span className="muted">No headers.</span>
        ) : (
          <table data-testid="record-headers">
            <tbody>
              {record.headers.map((header, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: header names may repeat; a record's headers never reorder
                <tr key={index}>
                  <td className="mono">{header.name}</td>
                  <td>
                    <PayloadView payload={header.value} format={format} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function headersAsJson(headers: RecordData['headers']): string {
  return JSON.stringify(
    headers.map((header) => ({ name: header.name, value: header.value ? payloadText(header.value) : null })),
    null,
    2,
  );
}

/** The payload as text when it is UTF-8, else as base64. */
function payloadText(payload: Payload): string {
  const rendered = renderPayload(base64ToBytes(payload.base64), 'text');
  return rendered.kind === 'text' ? rendered.text : payload.base64;
}

function CopyButton({ label, payload }: { label: string; payload: Payload | null }) {
  if (!payload) return null;
  return <CopyText label={label} text={payloadText(payload)} />;
}

export function CopyText({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1_500);
  };
  return (
    <button type="button" className="secondary" onClick={copy} style={{ padding: '1px 8px', fontSize: 12 }}>
      {copied ? 'Copied' : label}
    </button>
  );
}
