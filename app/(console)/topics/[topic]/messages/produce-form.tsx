'use client';
// Produce one record: key, value (text, JSON checked on the server, or base64 for bytes), headers, a partition
// or "by key", and optionally a timestamp. Audited on the server without the payload.
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../../../components/error-box.tsx';
import { useTRPC } from '../../../../trpc-provider.tsx';
import { recordHref } from './record-href.ts';

type Format = 'text' | 'json' | 'base64';

export function ProduceForm({
  clusterId,
  topic,
  partitionCount,
  onProduced,
}: {
  clusterId: string;
  topic: string;
  partitionCount: number | null;
  onProduced?: () => void;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [valueFormat, setValueFormat] = useState<Format>('text');
  const [headers, setHeaders] = useState('');
  const [partition, setPartition] = useState('');
  const [timestamp, setTimestamp] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const produce = useMutation(trpc.messages.produce.mutationOptions({ onSuccess: () => onProduced?.() }));
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Produce a record…
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    const headerList: { name: string; value: string }[] = [];
    for (const line of headers.split('\n')) {
      if (line.trim() === '') continue;
      const at = line.indexOf('=');
      if (at <= 0) return setLocalError(`Header line "${line}" needs name=value.`);
      headerList.push({ name: line.slice(0, at).trim(), value: line.slice(at + 1) });
    }
    let timestampMs: number | undefined;
    if (timestamp.trim() !== '') {
      timestampMs = /^\d+$/.test(timestamp.trim()) ? Number(timestamp.trim()) : Date.parse(timestamp);
      if (!Number.isFinite(timestampMs)) return setLocalError('The timestamp is not ISO-8601 or milliseconds since the epoch.');
    }
    produce.mutate({
      clusterId,
      topic,
      partition: partition === '' ? undefined : Number(partition),
      key: key === '' ? undefined : { format: 'text', data: key },
      value: { format: valueFormat, data: value },
      headers: headerList,
      timestampMs,
    });
  };
  return (
    <form onSubmit={submit} className="form-grid" aria-label="Produce a record" style={{ gridTemplateColumns: '1fr 1fr' }}>
      <label>
        Key (empty: null)
        <input value={key} onChange={(event) => setKey(event.target.value)} name="produce-key" />
      </label>
      <label>
        Partition
        <select value={partition} onChange={(event) => setPartition(event.target.value)} name="produce-partition">
          <option value="">By key (default partitioner)</option>
          {Array.from({ length: partitionCount ?? 0 }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the index is the partition number
            <option key={index} value={index}>
              {index}
            </option>
          ))}
        </select>
      </label>
      <label style={{ gridColumn: '1 / -1' }}>
        Value
        <textarea rows={4} value={value} onChange={(event) => setValue(event.target.value)} name="produce-value" className="mono" />
      </label>
      <label>
        Value format
        <select value={valueFormat} onChange={(event) => setValueFormat(event.target.value as Format)} name="produce-format">
          <option value="text">Text (UTF-8)</option>
          <option value="json">JSON (checked)</option>
          <option value="base64">Base64 (bytes)</option>
        </select>
      </label>
      <label>
        Timestamp (optional, ISO-8601 or epoch ms)
        <input value={timestamp} onChange={(event) => setTimestamp(event.target.value)} name="produce-timestamp" />
      </label>
      <label style={{ gridColumn: '1 / -1' }}>
        Headers (one name=value a line)
        <textarea rows={2} value={headers} onChange={(event) => setHeaders(event.target.value)} name="produce-headers" className="mono" />
      </label>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', gridColumn: '1 / -1' }}>
        <button type="submit" disabled={produce.isPending}>
          {produce.isPending ? 'Producing…' : 'Produce'}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Close
        </button>
        {produce.data && (
          <span data-testid="produced">
            Written to partition {produce.data.partition} at offset{' '}
            <Link href={recordHref(topic, clusterId, produce.data.partition, produce.data.offset)}>{produce.data.offset}</Link>.
          </span>
        )}
      </div>
      {localError && (
        <div className="error" role="alert" style={{ gridColumn: '1 / -1' }}>
          {localError}
        </div>
      )}
      <div style={{ gridColumn: '1 / -1' }}>
        <ErrorBox error={produce.error} />
      </div>
    </form>
  );
}
