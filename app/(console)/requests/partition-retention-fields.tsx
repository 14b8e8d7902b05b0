'use client';
// The partitions and retention of a topic request, as an approver adjusts them and as a member asks for a
// change: the same three fields, with the labels of each dialog.
import type { ConfigKind } from '@/server/services/topics/topic-config-catalog.ts';
import { CatalogConfigField } from '../../components/config-value-input.tsx';

interface Field {
  value: string;
  onChange: (value: string) => void;
  label: string;
}

interface Props {
  partitions: Field & { min: number };
  retentionMs: Field;
  retentionBytes: Field;
  /** The config catalog's entries; undefined while it loads. */
  catalog: readonly { name: string; edit: ConfigKind }[] | undefined;
}

export function PartitionRetentionFields({ partitions, retentionMs, retentionBytes, catalog }: Props) {
  return (
    <div className="form-grid" style={{ border: 'none', padding: 0, background: 'none' }}>
      <label>
        Partitions
        <input
          type="number"
          min={partitions.min}
          value={partitions.value}
          onChange={(event) => partitions.onChange(event.target.value)}
          aria-label={partitions.label}
        />
      </label>
      <CatalogConfigField title="Retention time" name="retention.ms" catalog={catalog} {...retentionMs} />
      <CatalogConfigField title="Retention size per partition" name="retention.bytes" catalog={catalog} {...retentionBytes} />
    </div>
  );
}
