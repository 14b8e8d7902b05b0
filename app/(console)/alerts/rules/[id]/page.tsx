'use client';
// One alert rule: operators and admins edit it (audited; changing what it watches or its condition, or
// disabling it, resolves its open alerts without notifying) or delete it after a preview of what goes with it;
// viewers see it read-only.
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useState } from 'react';
import { hasRole } from '@/domain/roles.ts';
import { ActionDialog, ConfirmOrCancel } from '../../../../components/action-dialog.tsx';
import { ErrorBox } from '../../../../components/error-box.tsx';
import { useTRPC } from '../../../../trpc-provider.tsx';
import { AlertsTabs } from '../../alert-parts.tsx';
import { RuleForm } from '../rule-form.tsx';

export default function AlertRulePage() {
  const id = decodeURIComponent(useParams<{ id: string }>().id);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.session.me.queryOptions());
  const rule = useQuery(trpc.alerts.getRule.queryOptions({ id }));
  const open = useQuery({ ...trpc.alerts.list.queryOptions({ state: 'open', ruleId: id, pageSize: 1 }), refetchInterval: 10_000 });
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.alerts.updateRule.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
      },
    }),
  );
  const mayChange = me.data ? hasRole(me.data.role, 'operator') : false;
  const openCount = open.data?.total ?? 0;
  return (
    <>
      <h1>Alerts</h1>
      <AlertsTabs />
      <p className="muted" style={{ margin: '0 0 4px' }}>
        <Link href="/alerts/rules">Rules</Link> /
      </p>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>{rule.data?.name ?? 'Alert rule'}</h2>
        {rule.data && mayChange && <DeleteRuleDialog id={id} name={rule.data.name} />}
      </div>
      {rule.data && (
        <p className="muted">
          Created by {rule.data.createdBy} on <span title={rule.data.createdAt.toISOString()}>{rule.data.createdAt.toLocaleString()}</span>
          {rule.data.updatedAt.getTime() !== rule.data.createdAt.getTime() && (
            <>
              , changed <span title={rule.data.updatedAt.toISOString()}>{rule.data.updatedAt.toLocaleString()}</span>
            </>
          )}
          . <Link href={`/alerts?state=all&rule=${encodeURIComponent(id)}`}>Its alerts</Link>
          {openCount > 0 && ` (${openCount} open)`}
        </p>
      )}
      {!mayChange && rule.data && <p className="muted">Operators and admins edit alert rules; you see this one read-only.</p>}
      <ErrorBox error={rule.error} />
      {rule.isPending && <p className="muted">Loading the rule…</p>}
      {rule.data && (
        <RuleForm
          key={rule.data.updatedAt.toISOString()}
          initial={rule.data}
          readOnly={!mayChange}
          submitLabel="Save rule"
          pending={update.isPending}
          error={update.error}
          onSubmit={(values) => {
            setSaved(false);
            update.mutate({ id, ...values });
          }}
          note={
            <>
              {openCount > 0 && mayChange && (
                <p className="muted" data-testid="open-alerts-note">
                  Changing what the rule watches or its condition, or disabling it, resolves its {openCount} open alert
                  {openCount === 1 ? '' : 's'} without notifying; the rule then starts afresh. A new name or other webhooks keep them.
                </p>
              )}
              {saved && !update.isPending && (
                <p className="verdict ok" role="status">
                  Saved.
                </p>
              )}
            </>
          }
        />
      )}
    </>
  );
}

function DeleteRuleDialog({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const alerts = useQuery({ ...trpc.alerts.list.queryOptions({ state: 'all', ruleId: id, pageSize: 1 }), enabled: open });
  const openAlerts = useQuery({ ...trpc.alerts.list.queryOptions({ state: 'open', ruleId: id, pageSize: 1 }), enabled: open });
  const remove = useMutation(
    trpc.alerts.deleteRule.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
        router.push('/alerts/rules');
      },
    }),
  );
  const total = alerts.data?.total;
  const openTotal = openAlerts.data?.total;
  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        remove.reset();
      }}
      trigger="Delete rule"
      triggerClassName="danger"
      title={`Delete ${name}?`}
    >
      <Dialog.Description>
        {total === undefined || openTotal === undefined ? (
          'Counting the alerts that go with it…'
        ) : (
          <>
            The rule stops watching, and its{' '}
            <strong data-testid="delete-rule-alerts">
              {total.toLocaleString()} alert{total === 1 ? '' : 's'}
            </strong>
            {openTotal > 0 ? ` (${openTotal} open: no resolved notification is sent for them)` : ''} and their history are deleted with it.
            The audit log keeps the rule; deliveries already sent stay in the webhook log.
          </>
        )}
      </Dialog.Description>
      <ErrorBox error={alerts.error ?? openAlerts.error ?? remove.error} />
      <ConfirmOrCancel>
        <button type="button" className="danger" disabled={remove.isPending || total === undefined} onClick={() => remove.mutate({ id })}>
          {remove.isPending ? 'Deleting…' : 'Delete rule'}
        </button>
      </ConfirmOrCancel>
    </ActionDialog>
  );
}
