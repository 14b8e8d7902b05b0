'use client';
// Changes from the topic page: add partitions (with the keyed-records warning) and delete (typed
// confirmation, showing what goes with it). Radix Dialog gives focus trapping, Escape and labelling.
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ActionDialog, ConfirmOrCancel } from '../../../components/action-dialog.tsx';
import { ErrorBox } from '../../../components/error-box.tsx';
import { formatBytes } from '../../../components/format-bytes.ts';
import { useTRPC } from '../../../trpc-provider.tsx';

interface Props {
  clusterId: string;
  topic: string;
  partitions: number;
  records: number;
  sizeBytes: number | null;
}

export function AddPartitionsDialog({ clusterId, topic, partitions }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [total, setTotal] = useState(String(partitions + 1));
  const add = useMutation(
    trpc.topics.addPartitions.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.topics.get.queryKey() });
        setOpen(false);
      },
    }),
  );
  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        add.reset();
        setTotal(String(partitions + 1));
      }}
      trigger="Add partitions"
      triggerClassName="secondary"
      title={`Add partitions to ${topic}`}
    >
      <Dialog.Description className="muted">
        The topic has {partitions} partition{partitions === 1 ? '' : 's'}. Kafka cannot remove partitions again.
      </Dialog.Description>
      <div className="verdict failed" role="note" style={{ color: 'var(--warn)' }}>
        Keyed records go to partition hash(key) mod partition count. From now on, every key maps to a possibly different partition, so
        records with the same key may be split between the old and the new partition, and their order across that split is lost.
      </div>
      <label>
        New partition count
        <input type="number" min={partitions + 1} value={total} onChange={(event) => setTotal(event.target.value)} />
      </label>
      <ErrorBox error={add.error} />
      <ConfirmOrCancel>
        <button
          type="button"
          disabled={add.isPending || !(Number(total) > partitions)}
          onClick={() => add.mutate({ clusterId, name: topic, totalPartitions: Number(total) })}
        >
          {add.isPending ? 'Adding…' : `Raise to ${Number(total) || '?'} partitions`}
        </button>
      </ConfirmOrCancel>
    </ActionDialog>
  );
}

export function DeleteTopicDialog({ clusterId, topic, partitions, records, sizeBytes }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const remove = useMutation(
    trpc.topics.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.topics.list.queryKey() });
        router.push(clusterId === 'built-in' ? '/topics' : `/topics?cluster=${encodeURIComponent(clusterId)}`);
      },
    }),
  );
  return (
    <ActionDialog
      onOpenChange={() => {
        setTyped('');
        remove.reset();
      }}
      trigger="Delete topic"
      triggerClassName="danger"
      title={`Delete ${topic}?`}
    >
      <Dialog.Description>
        This deletes {partitions} partition{partitions === 1 ? '' : 's'} with <strong>{records.toLocaleString()} records</strong> and{' '}
        <strong>{sizeBytes === null ? 'an unknown number of bytes' : formatBytes(sizeBytes)}</strong> on disk. Consumers lose their place;
        it cannot be undone.
      </Dialog.Description>
      <label style={{ marginTop: 12 }}>
        Type the topic name to confirm
        <input
          className="mono"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          aria-label="Type the topic name to confirm"
          autoComplete="off"
        />
      </label>
      <ErrorBox error={remove.error} />
      <ConfirmOrCancel>
        <button
          type="button"
          className="danger"
          disabled={typed !== topic || remove.isPending}
          onClick={() => remove.mutate({ clusterId, name: topic })}
        >
          {remove.isPending ? 'Deleting…' : 'Delete for good'}
        </button>
      </ConfirmOrCancel>
    </ActionDialog>
  );
}
