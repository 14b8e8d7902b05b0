'use client';
// Edit and delete a webhook, each in a Radix dialog. Delete says what goes with it before it happens.
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { webhookFormatLabels, WebhookUrl } from '@/domain/webhook-url.ts';
import { ErrorBox } from '../../components/error-box.tsx';
import { useTRPC } from '../../trpc-provider.tsx';

interface WebhookRow {
  id: string;
  name: string;
  urlOrigin: string;
  format: keyof typeof webhookFormatLabels;
}

export function EditWebhookDialog({ webhook }: { webhook: WebhookRow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const save = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
        setOpen(false);
      },
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const rawUrl = String(form.get('url') ?? '').trim();
    const url = rawUrl ? WebhookUrl.safeParse(rawUrl) : null;
    setUrlProblem(url && !url.success ? (url.error.issues[0]?.message ?? 'Not a valid URL.') : null);
    if (url && !url.success) return;
    save.mutate({
      id: webhook.id,
      name: String(form.get('name')),
      format: String(form.get('format')) as WebhookRow['format'],
      url: url?.data,
    });
  };
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        save.reset();
        setUrlProblem(null);
      }}
    >
      <Dialog.Trigger asChild>
        <button type="button" className="secondary">
          Edit
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>Edit {webhook.name}</Dialog.Title>
          <Dialog.Description className="muted">Leave the URL empty to keep the current one ({webhook.urlOrigin}/…).</Dialog.Description>
          <form onSubmit={submit} className="form-grid" aria-label="Edit webhook">
            <label>
              Name
              <input name="name" defaultValue={webhook.name} required maxLength={100} />
            </label>
            <label>
              New URL
              <input name="url" maxLength={2000} className="mono" placeholder="(unchanged)" />
            </label>
            <label>
              Format
              <select name="format" defaultValue={webhook.format}>
                {Object.entries(webhookFormatLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <div className="toolbar">
              <button type="submit" disabled={save.isPending}>
                Save
              </button>
              <Dialog.Close asChild>
                <button type="button" className="secondary">
                  Cancel
                </button>
              </Dialog.Close>
            </div>
          </form>
          {urlProblem && <div className="field-error">{urlProblem}</div>}
          <ErrorBox error={save.error} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export function DeleteWebhookDialog({ webhook, onDeleted }: { webhook: WebhookRow; onDeleted: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
        onDeleted();
      },
    }),
  );
  return (
    <Dialog.Root onOpenChange={() => remove.reset()}>
      <Dialog.Trigger asChild>
        <button type="button" className="danger">
          Delete
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>Delete {webhook.name}?</Dialog.Title>
          <Dialog.Description>
            Notifications stop going to {webhook.urlOrigin}/…; deliveries not yet sent fail with &ldquo;the webhook was deleted&rdquo;, and
            alert rules that named it no longer notify it. Its delivery log stays.
          </Dialog.Description>
          <ErrorBox error={remove.error} />
          <div className="toolbar" style={{ marginTop: 12 }}>
            <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate({ id: webhook.id })}>
              {remove.isPending ? 'Deleting…' : 'Delete webhook'}
            </button>
            <Dialog.Close asChild>
              <button type="button" className="secondary">
                Cancel
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
