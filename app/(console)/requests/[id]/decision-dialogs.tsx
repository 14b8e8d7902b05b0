'use client';
// The request page's actions, each a dialog that shows what will happen before it is confirmed: approve
// (optionally adjusting partitions or retention, previewed as a diff; an exception to the policy only when
// ticked), reject with a comment, cancel, retry.
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState, type ReactNode } from 'react';
import type { AppRouter } from '@/server/api/root.ts';
import { ActionDialog, ConfirmOrCancel } from '../../../components/action-dialog.tsx';
import { describeWithUnit, durationUnits, sizeUnits } from '../../../components/config-units.ts';
import { PartitionRetentionFields } from '../partition-retention-fields.tsx';
import { ErrorBox } from '../../../components/error-box.tsx';
import { useTRPC } from '../../../trpc-provider.tsx';

type Detail = inferRouterOutputs<AppRouter>['topicRequests']['get'];
type Request = Detail['request'];

const KAFKA_DEFAULT_RETENTION_MS = '604800000';

/** Refreshes the request, the lists and the badge after a move. */
function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.topicRequests.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() }),
    ]);
}

export function ApproveDialog({ request, verdictNow }: { request: Request; verdictNow: Detail['verdictNow'] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const catalog = useQuery(trpc.topics.configCatalog.queryOptions());
  const askedRetentionMs = request.configs['retention.ms'] ?? KAFKA_DEFAULT_RETENTION_MS;
  const askedRetentionBytes = request.configs['retention.bytes'] ?? '-1';
  const [open, setOpen] = useState(false);
  const [partitions, setPartitions] = useState(String(request.partitions));
  const [retentionMs, setRetentionMs] = useState(askedRetentionMs);
  const [retentionBytes, setRetentionBytes] = useState(askedRetentionBytes);
  const [comment, setComment] = useState('');
  const [acceptViolations, setAcceptViolations] = useState(false);
  const approve = useMutation(trpc.topicRequests.approve.mutationOptions({ onSuccess: () => refresh().then(() => setOpen(false)) }));
  const diff: { key: string; from: string; to: string }[] = [];
  if (partitions !== String(request.partitions)) diff.push({ key: 'partitions', from: String(request.partitions), to: partitions });
  if (retentionMs !== askedRetentionMs) diff.push({ key: 'retention.ms', from: askedRetentionMs, to: retentionMs });
  if (retentionBytes !== askedRetentionBytes) diff.push({ key: 'retention.bytes', from: askedRetentionBytes, to: retentionBytes });
  const violations = verdictNow?.violations ?? [];
  const wholeNumber = (value: string, min: number) => /^-?\d+$/.test(value) && Number(value) >= min;
  const valid = wholeNumber(partitions, 1) && wholeNumber(retentionMs, -1) && wholeNumber(retentionBytes, -1);
  const approveInput = {
    requestId: request.id,
    comment,
    acceptViolations,
    ...(diff.some((entry) => entry.key === 'partitions') ? { partitions: Number(partitions) } : {}),
    ...(diff.some((entry) => entry.key === 'retention.ms') ? { retentionMs: Number(retentionMs) } : {}),
    ...(diff.some((entry) => entry.key === 'retention.bytes') ? { retentionBytes: Number(retentionBytes) } : {}),
  };
  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        approve.reset();
      }}
      trigger="Approve…"
      triggerClassName=""
      title={`Approve request #${request.id}?`}
    >
      <Dialog.Description className="muted">
        On approval the console creates {request.kind === 'create' ? 'the topic' : 'the change'} on {request.clusterId} at once (the cluster
        checks it with validate_only first). Adjust partitions or retention here; {request.requesterName} sees the change as a diff.
      </Dialog.Description>
      <PartitionRetentionFields
        catalog={catalog.data?.configs}
        partitions={{ value: partitions, onChange: setPartitions, min: 1, label: 'Approved partitions' }}
        retentionMs={{ value: retentionMs, onChange: setRetentionMs, label: 'Approved retention time' }}
        retentionBytes={{ value: retentionBytes, onChange: setRetentionBytes, label: 'Approved retention size' }}
      />
      <label style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 8 }}>
        Comment for {request.requesterName} (optional)
        <textarea
          rows={2}
          maxLength={2_000}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          aria-label="Approval comment"
        />
      </label>
      <Preview diff={diff} />
      {violations.length > 0 && (
        <div className="verdict failed" role="note">
          The request breaks the policy in force:
          {violations.map((violation) => (
            <div key={violation.message}>{violation.message}</div>
          ))}
          <label style={{ flexDirection: 'row', gap: 6, alignItems: 'center', marginTop: 6 }}>
            <input type="checkbox" checked={acceptViolations} onChange={(event) => setAcceptViolations(event.target.checked)} />
            Approve it as an exception (kept in the audit record)
          </label>
        </div>
      )}
      <ErrorBox error={approve.error ?? catalog.error} />
      <ConfirmOrCancel>
        <button type="button" disabled={!valid || approve.isPending} onClick={() => approve.mutate(approveInput)}>
          {approve.isPending ? 'Approving…' : diff.length > 0 ? 'Approve with changes' : 'Approve'}
        </button>
      </ConfirmOrCancel>
    </ActionDialog>
  );
}

function Preview({ diff }: { diff: { key: string; from: string; to: string }[] }) {
  if (diff.length === 0) return <p className="muted">Approved as asked: no adjustments.</p>;
  return (
    <table aria-label="Adjustments to approve" style={{ marginTop: 8 }}>
      <thead>
        <tr>
          <th>Field</th>
          <th>Asked for</th>
          <th>Approved</th>
        </tr>
      </thead>
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
  );
}

function inWords(key: string, value: string): string {
  if (key === 'retention.ms') return `(${describeWithUnit(value, durationUnits)})`;
  if (key === 'retention.bytes') return `(${describeWithUnit(value, sizeUnits)})`;
  return '';
}

export function RejectDialog({ request }: { request: Request }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const reject = useMutation(trpc.topicRequests.reject.mutationOptions({ onSuccess: () => refresh().then(() => setOpen(false)) }));
  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        reject.reset();
      }}
      trigger="Reject…"
      triggerClassName="danger"
      title={`Reject request #${request.id}?`}
    >
      <Dialog.Description className="muted">
        {request.requesterName} is told, with your comment, so they can fix the request and ask again. A rejected request cannot be
        reopened.
      </Dialog.Description>
      <label style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 8 }}>
        Why (required)
        <textarea
          rows={3}
          maxLength={2_000}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          aria-label="Rejection comment"
        />
      </label>
      <ErrorBox error={reject.error} />
      <ConfirmOrCancel>
        <button
          type="button"
          className="danger"
          disabled={comment.trim() === '' || reject.isPending}
          onClick={() => reject.mutate({ requestId: request.id, comment })}
        >
          {reject.isPending ? 'Rejecting…' : 'Reject'}
        </button>
      </ConfirmOrCancel>
    </ActionDialog>
  );
}

/** A dialog that only confirms: the description says what happens, the button does it. */
function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  pendingLabel,
  danger,
  mutation,
  run,
}: {
  trigger: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  danger?: boolean;
  mutation: { isPending: boolean; error: unknown; reset: () => void };
  /** Runs the action; calls `done` when it succeeded. */
  run: (done: () => void) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        mutation.reset();
      }}
      trigger={trigger}
      triggerClassName="secondary"
      title={title}
    >
      <Dialog.Description>{description}</Dialog.Description>
      <ErrorBox error={mutation.error} />
      <ConfirmOrCancel>
        <button
          type="button"
          className={danger ? 'danger' : undefined}
          disabled={mutation.isPending}
          onClick={() => run(() => setOpen(false))}
        >
          {mutation.isPending ? pendingLabel : confirmLabel}
        </button>
      </ConfirmOrCancel>
    </ActionDialog>
  );
}

export function CancelDialog({ request }: { request: Request }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const cancel = useMutation(trpc.topicRequests.cancel.mutationOptions({ onSuccess: () => refresh() }));
  return (
    <ConfirmDialog
      trigger="Cancel request…"
      title={`Cancel request #${request.id}?`}
      description={`Nobody will approve it any more, and ${request.topicName} becomes free for a new request. A cancelled request cannot be reopened.`}
      confirmLabel="Cancel the request"
      pendingLabel="Cancelling…"
      danger
      mutation={cancel}
      run={(done) => cancel.mutate({ requestId: request.id }, { onSuccess: done })}
    />
  );
}

export function RetryDialog({ request }: { request: Request }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const retry = useMutation(trpc.topicRequests.retry.mutationOptions({ onSuccess: () => refresh() }));
  return (
    <ConfirmDialog
      trigger="Retry…"
      title={`Provision request #${request.id} again?`}
      description={`The last attempt failed: ${request.error ?? 'no error recorded'}. Nothing was created then; the console checks with the cluster again (validate_only) and creates it whole, or fails again with the cluster's error.`}
      confirmLabel="Retry now"
      pendingLabel="Provisioning…"
      mutation={retry}
      run={(done) => retry.mutate({ requestId: request.id }, { onSuccess: done })}
    />
  );
}
