'use client';
// Asks for a change to a team topic: more partitions, other retention, other configs. The server decides
// (topicRequests.createChange): a retention-only change within the policy is made at once; anything else
// becomes a change request an operator approves. The dialog previews the change before it is sent and says
// which of the two happened.
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { MAX_REQUEST_DESCRIPTION_LENGTH } from '@/domain/topic-policy.ts';
import { ActionDialog, ConfirmOrCancel } from '../../../components/action-dialog.tsx';
import { describeWithUnit, durationUnits, sizeUnits } from '../../../components/config-units.ts';
import { PartitionRetentionFields } from '../../requests/partition-retention-fields.tsx';
import { ErrorBox } from '../../../components/error-box.tsx';
import { useTRPC } from '../../../trpc-provider.tsx';
import { OtherConfigs } from '../../requests/new/other-configs.tsx';

interface Props {
  clusterId: string;
  topic: string;
  partitions: number;
  retention: { retentionMs: string | null; retentionBytes: string | null };
}

const RETENTION_KEYS = ['retention.ms', 'retention.bytes'];

export function ChangeRequestDialog({ clusterId, topic, partitions, retention }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalog = useQuery(trpc.topics.configCatalog.queryOptions());
  const currentMs = retention.retentionMs ?? '604800000';
  const currentBytes = retention.retentionBytes ?? '-1';
  const [open, setOpen] = useState(false);
  const [total, setTotal] = useState(String(partitions));
  const [retentionMs, setRetentionMs] = useState(currentMs);
  const [retentionBytes, setRetentionBytes] = useState(currentBytes);
  const [otherConfigs, setOtherConfigs] = useState<Record<string, string>>({});
  const [description, setDescription] = useState('');
  const change = useMutation(
    trpc.topicRequests.createChange.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.topics.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.topicRequests.pathKey() }),
        ]),
    }),
  );
  const configs: Record<string, string> = { ...otherConfigs };
  if (retentionMs !== currentMs) configs['retention.ms'] = retentionMs;
  if (retentionBytes !== currentBytes) configs['retention.bytes'] = retentionBytes;
  const diff = [
    ...(total !== String(partitions) ? [{ key: 'partitions', from: String(partitions), to: total }] : []),
    ...Object.entries(configs).map(([key, to]) => ({
      key,
      from: key === 'retention.ms' ? currentMs : key === 'retention.bytes' ? currentBytes : 'current',
      to,
    })),
  ];
  const partitionsValid = /^\d+$/.test(total) && Number(total) >= partitions;
  const retentionOnly = total === String(partitions) && Object.keys(configs).every((key) => RETENTION_KEYS.includes(key));
  const reset = () => {
    setTotal(String(partitions));
    setRetentionMs(currentMs);
    setRetentionBytes(currentBytes);
    setOtherConfigs({});
    setDescription('');
    change.reset();
  };
  const outcome = change.data;
  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        reset();
      }}
      trigger="Request a change…"
      triggerClassName="secondary"
      title={`Change ${topic}`}
    >
      {outcome ? (
        <div className="verdict ok" role="status" data-testid="change-outcome">
          {outcome.applied ? (
            'Applied at once: a retention change within the policy needs no approval.'
          ) : (
            <>
              Sent as <Link href={`/requests/${outcome.requestId}`}>change request #{outcome.requestId}</Link>: an operator or admin
              approves it
              {outcome.verdict.violations.length > 0 ? ` (it breaks ${outcome.verdict.violations.length} policy rule(s); they decide)` : ''}
              .
            </>
          )}
        </div>
      ) : (
        <>
          <Dialog.Description className="muted">
            A retention change within your policy is made at once; more partitions or other configs become a request an operator approves.
          </Dialog.Description>
          <PartitionRetentionFields
            catalog={catalog.data?.configs}
            partitions={{ value: total, onChange: setTotal, min: partitions, label: 'New partition count' }}
            retentionMs={{ value: retentionMs, onChange: setRetentionMs, label: 'New retention time' }}
            retentionBytes={{ value: retentionBytes, onChange: setRetentionBytes, label: 'New retention size' }}
          />
          <OtherConfigs
            entries={(catalog.data?.configs ?? []).filter((entry) => !RETENTION_KEYS.includes(entry.name))}
            configs={otherConfigs}
            onChange={setOtherConfigs}
            problemsFor={() => []}
          />
          <label style={{ marginTop: 8 }}>
            Why (for the approver)
            <textarea
              rows={2}
              maxLength={MAX_REQUEST_DESCRIPTION_LENGTH}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          </label>
          {diff.length === 0 ? (
            <p className="muted">Nothing changed yet.</p>
          ) : (
            <table aria-label="Change to send" style={{ marginTop: 8 }}>
              <tbody>
                {diff.map((entry) => (
                  <tr key={entry.key}>
                    <td className="mono">{entry.key}</td>
                    <td className="mono diff-old">
                      {entry.from} <span className="hint">{inWords(entry.key, entry.from)}</span>
                    </td>
                    <td className="mono diff-new">
                      {entry.to} <span className="hint">{inWords(entry.key, entry.to)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {!partitionsValid && <div className="field-error">Kafka cannot remove partitions: ask for {partitions} or more.</div>}
          <ErrorBox error={change.error ?? catalog.error} />
        </>
      )}
      {outcome ? (
        <div className="toolbar" style={{ marginTop: 12 }}>
          <Dialog.Close asChild>
            <button type="button" className="secondary">
              Close
            </button>
          </Dialog.Close>
        </div>
      ) : (
        <ConfirmOrCancel>
          <button
            type="button"
            disabled={diff.length === 0 || !partitionsValid || change.isPending}
            onClick={() =>
              change.mutate({
                clusterId,
                name: topic,
                ...(total !== String(partitions) ? { partitions: Number(total) } : {}),
                configs,
                description,
              })
            }
          >
            {change.isPending ? 'Sending…' : retentionOnly ? 'Apply or request' : 'Send change request'}
          </button>
        </ConfirmOrCancel>
      )}
    </ActionDialog>
  );
}

function inWords(key: string, value: string): string {
  if (!/^-?\d+$/.test(value)) return '';
  if (key === 'retention.ms') return `(${describeWithUnit(value, durationUnits)})`;
  if (key === 'retention.bytes') return `(${describeWithUnit(value, sizeUnits)})`;
  return '';
}
