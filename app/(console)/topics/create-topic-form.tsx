'use client';
// Members (own team prefixes), operators and admins create topics; the server decides and explains refusals.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { useTRPC } from '../../trpc-provider.tsx';

export function CreateTopicForm({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(trpc.topics.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get('name'));
    create.mutate(
      { clusterId, name, partitions: Number(form.get('partitions')), replicationFactor: Number(form.get('replicationFactor')) },
      {
        onSuccess: () => {
          setCreated(name);
          formElement.reset();
        },
      },
    );
  };

  if (!open) {
    return (
      <div className="toolbar">
        <button type="button" onClick={() => setOpen(true)}>
          New topic
        </button>
        {created && <span className="muted">Created {created}.</span>}
      </div>
    );
  }
  return (
    <>
      <form className="form-grid" onSubmit={submit} aria-label="New topic">
        <label>
          Topic name
          <input name="name" required maxLength={249} pattern="[a-zA-Z0-9._\-]+" />
        </label>
        <label>
          Partitions
          <input name="partitions" type="number" min={1} max={10000} defaultValue={1} required />
        </label>
        <label>
          Replication factor
          <input name="replicationFactor" type="number" min={1} max={32} defaultValue={1} required />
        </label>
        <div className="toolbar" style={{ marginBottom: 0 }}>
          <button type="submit" disabled={create.isPending}>
            Create topic
          </button>
          <button type="button" className="secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </form>
      {created && <p className="muted">Created {created}.</p>}
      <ErrorBox error={create.error} />
    </>
  );
}
