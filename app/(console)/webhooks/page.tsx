'use client';
// Webhooks: where notifications (alerts, and other features' events) are POSTed. Everyone signed in sees the
// list and the delivery log; operators and admins add, edit, test and delete. `?webhook=<id>` selects the
// webhook whose deliveries are shown, so the log can be shared.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useState, type FormEvent } from 'react';
import { hasRole } from '@/domain/roles.ts';
import { webhookFormatLabels, WebhookUrl } from '@/domain/webhook-url.ts';
import { ErrorBox } from '../../components/error-box.tsx';
import { useQueryState } from '../../components/query-state.ts';
import { WebhookDeliveries } from '../../components/webhook-deliveries.tsx';
import { useTRPC } from '../../trpc-provider.tsx';
import { DeleteWebhookDialog, EditWebhookDialog } from './webhook-dialogs.tsx';

type Format = keyof typeof webhookFormatLabels;

export default function WebhooksPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Webhooks />
    </Suspense>
  );
}

function Webhooks() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { params, update } = useQueryState();
  const selectedId = params.get('webhook');
  const me = useQuery(trpc.session.me.queryOptions());
  const webhooks = useQuery(trpc.webhooks.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  const toggle = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh }));
  const sendTest = useMutation(trpc.webhooks.test.mutationOptions({ onSuccess: refresh }));
  const mayChange = me.data ? hasRole(me.data.role, 'operator') : false;
  const selected = webhooks.data?.find((webhook) => webhook.id === selectedId);

  return (
    <>
      <h1>Webhooks</h1>
      <p className="muted">
        Alerts and other notifications are POSTed to these URLs as generic JSON (schema <span className="mono">samsa.notification/v1</span>)
        or as Slack messages, retried with backoff; every attempt is logged below. Only operators and admins set them: the console sends to
        whatever address they name.
      </p>
      {mayChange && <NewWebhookForm onCreated={(id) => update({ webhook: id })} />}
      <ErrorBox error={webhooks.error ?? toggle.error ?? sendTest.error} />
      {!webhooks.data && !webhooks.error && <p className="muted">Loading webhooks…</p>}
      {webhooks.data && (
        <table aria-label="Webhooks">
          <thead>
            <tr>
              <th>Name</th>
              <th>Format</th>
              <th>Receiver</th>
              <th>Enabled</th>
              <th>Created</th>
              {mayChange && <th />}
            </tr>
          </thead>
          <tbody>
            {webhooks.data.map((webhook) => (
              <tr key={webhook.id} className={webhook.id === selectedId ? 'selected' : undefined}>
                <td>
                  <a
                    href={`/webhooks?webhook=${encodeURIComponent(webhook.id)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      update({ webhook: webhook.id });
                    }}
                  >
                    {webhook.name}
                  </a>
                </td>
                <td>{webhookFormatLabels[webhook.format]}</td>
                <td className="mono" title="Only the origin is shown: the path may hold the receiver's credential">
                  {webhook.urlOrigin}/…
                </td>
                <td>
                  {mayChange ? (
                    <input
                      type="checkbox"
                      checked={webhook.enabled}
                      aria-label={`${webhook.name} enabled`}
                      onChange={(event) => toggle.mutate({ id: webhook.id, enabled: event.target.checked })}
                    />
                  ) : webhook.enabled ? (
                    'yes'
                  ) : (
                    'no'
                  )}
                </td>
                <td title={webhook.createdAt.toISOString()}>
                  {webhook.createdAt.toLocaleDateString()} by {webhook.createdBy}
                </td>
                {mayChange && (
                  <td>
                    <div className="toolbar">
                      <button
                        type="button"
                        disabled={!webhook.enabled || sendTest.isPending}
                        onClick={() => sendTest.mutate({ id: webhook.id }, { onSuccess: () => update({ webhook: webhook.id }) })}
                      >
                        Send test
                      </button>
                      <EditWebhookDialog webhook={webhook} />
                      <DeleteWebhookDialog webhook={webhook} onDeleted={() => update({ webhook: null })} />
                    </div>
                  </td>
                )}
              </tr>
            ))}
            {webhooks.data.length === 0 && (
              <tr>
                <td colSpan={mayChange ? 6 : 5} className="muted">
                  No webhooks yet.{' '}
                  {mayChange ? 'Add one above, then send a test.' : 'An operator or admin adds them; alerts then notify them.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <h2>Deliveries{selected ? ` to ${selected.name}` : ''}</h2>
      {selectedId && !selected && webhooks.data && <p className="muted">That webhook no longer exists; showing every delivery.</p>}
      {selected && (
        <button type="button" className="secondary" onClick={() => update({ webhook: null })}>
          Show every webhook&apos;s deliveries
        </button>
      )}
      <WebhookDeliveries
        filter={selected ? { webhookId: selected.id } : {}}
        emptyText={selected ? 'Nothing sent to this webhook yet. "Send test" queues one.' : 'Nothing sent yet.'}
      />
    </>
  );
}

function NewWebhookForm({ onCreated }: { onCreated: (id: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() }) }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const url = WebhookUrl.safeParse(String(form.get('url') ?? ''));
    setUrlProblem(url.success ? null : (url.error.issues[0]?.message ?? 'Not a valid URL.'));
    if (!url.success) return;
    create.mutate(
      { name: String(form.get('name')), url: url.data, format: String(form.get('format')) as Format },
      {
        onSuccess: ({ id }) => {
          formElement.reset();
          onCreated(id);
        },
      },
    );
  };
  return (
    <>
      <form className="form-grid" onSubmit={submit} aria-label="New webhook">
        <label>
          Name
          <input name="name" required maxLength={100} placeholder="on-call Slack" />
        </label>
        <label>
          URL
          <input name="url" required maxLength={2000} placeholder="https://hooks.slack.com/services/…" className="mono" />
        </label>
        <label>
          Format
          <select name="format" defaultValue="json">
            {Object.entries(webhookFormatLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={create.isPending}>
          Add webhook
        </button>
      </form>
      {urlProblem && <div className="field-error">{urlProblem}</div>}
      <ErrorBox error={create.error} />
    </>
  );
}
