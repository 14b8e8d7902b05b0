'use client';
// Changes to a replay: start (or send for approval), approve (another operator), pause, resume and cancel.
// Start, approve and cancel ask first in a dialog saying what will happen; pause and resume are one click
// (both can be undone by the other). Every change refreshes the replay queries.
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ActionDialog, ConfirmOrCancel } from '../../components/action-dialog.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import { useTRPC } from '../../trpc-provider.tsx';

function useRefreshReplays() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.replays.get.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.replays.list.queryKey() }),
    ]);
}

/**
 * Starts a planned replay; a member's replay into a topic outside their prefixes goes to an operator instead.
 * `approval`: whether the plan said so ("needed", "none"), or "maybe" where the page does not know (the server decides).
 */
export function StartReplayDialog({
  id,
  approval,
  totalRecords,
  sourceTopic,
  targetTopic,
  onStarted,
}: {
  id: string;
  approval: 'needed' | 'none' | 'maybe';
  totalRecords: number;
  sourceTopic: string;
  targetTopic: string;
  onStarted?: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshReplays();
  const [open, setOpen] = useState(false);
  const start = useMutation(
    trpc.replays.start.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setOpen(false);
        onStarted?.();
      },
    }),
  );
  const needsApproval = approval === 'needed';
  const verb = needsApproval ? 'Ask for approval' : 'Start replay';
  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        start.reset();
      }}
      trigger={`${verb}…`}
      triggerClassName=""
      title={needsApproval ? `Ask an operator to approve replay ${id}` : `Start replay ${id}`}
    >
      <Dialog.Description>
        {needsApproval ? (
          <>
            <span className="mono">{targetTopic}</span> is not under your team&apos;s prefixes, so an operator other than you approves this
            replay before it copies anything. It then copies up to {totalRecords.toLocaleString()} records from{' '}
            <span className="mono">{sourceTopic}</span>.
          </>
        ) : (
          <>
            Copy up to {totalRecords.toLocaleString()} records from <span className="mono">{sourceTopic}</span> into{' '}
            <span className="mono">{targetTopic}</span>? Records written stay in the target; cancelling stops the copy but does not remove
            them.
            {approval === 'maybe' && " If the target is outside your team's prefixes, an operator other than you approves it first."}
          </>
        )}
      </Dialog.Description>
      <ErrorBox error={start.error} />
      <ConfirmOrCancel>
        <button type="button" disabled={start.isPending} onClick={() => start.mutate({ id })}>
          {start.isPending ? 'Starting…' : verb}
        </button>
      </ConfirmOrCancel>
    </ActionDialog>
  );
}

/** Four eyes: an operator who did not ask for the replay approves it, which starts it. */
export function ApproveReplayDialog({ id, requestedBy, targetTopic }: { id: string; requestedBy: string; targetTopic: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshReplays();
  const [open, setOpen] = useState(false);
  const approve = useMutation(
    trpc.replays.approve.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setOpen(false);
      },
    }),
  );
  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        approve.reset();
      }}
      trigger="Approve…"
      triggerClassName=""
      title={`Approve replay ${id}`}
    >
      <Dialog.Description>
        {requestedBy} asked to copy records into <span className="mono">{targetTopic}</span>, outside their team&apos;s prefixes. Approving
        starts the replay now, with your name on it.
      </Dialog.Description>
      <ErrorBox error={approve.error} />
      <ConfirmOrCancel>
        <button type="button" disabled={approve.isPending} onClick={() => approve.mutate({ id })}>
          {approve.isPending ? 'Approving…' : 'Approve and start'}
        </button>
      </ConfirmOrCancel>
    </ActionDialog>
  );
}

export function PauseResumeButton({ id, paused }: { id: string; paused: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefreshReplays();
  const pause = useMutation(trpc.replays.pause.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.replays.resume.mutationOptions({ onSuccess: refresh }));
  const pending = pause.isPending || resume.isPending;
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={pending}
        onClick={() => (paused ? resume.mutate({ id }) : pause.mutate({ id }))}
      >
        {paused ? (resume.isPending ? 'Resuming…' : 'Resume') : pause.isPending ? 'Pausing…' : 'Pause'}
      </button>
      <ErrorBox error={pause.error ?? resume.error} />
    </>
  );
}

export function CancelReplayDialog({ id, recordsWritten, targetTopic }: { id: string; recordsWritten: number; targetTopic: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshReplays();
  const [open, setOpen] = useState(false);
  const cancel = useMutation(
    trpc.replays.cancel.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setOpen(false);
      },
    }),
  );
  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        cancel.reset();
      }}
      trigger="Cancel replay…"
      triggerClassName="danger"
      title={`Cancel replay ${id}`}
    >
      <Dialog.Description>
        The replay stops for good and cannot be resumed (plan a new one for the rest).{' '}
        {recordsWritten > 0
          ? `The ${recordsWritten.toLocaleString()} records already copied stay in ${targetTopic}.`
          : `Nothing has been copied into ${targetTopic} yet.`}
      </Dialog.Description>
      <ErrorBox error={cancel.error} />
      <ConfirmOrCancel>
        <button type="button" className="danger" disabled={cancel.isPending} onClick={() => cancel.mutate({ id })}>
          {cancel.isPending ? 'Cancelling…' : 'Cancel replay'}
        </button>
      </ConfirmOrCancel>
    </ActionDialog>
  );
}
