'use client';
// Deletes a policy after showing what it removes and what applies afterwards (the cluster's policy for a
// team, else no rules). Audited as policy.delete.
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import type { AppRouter } from '@/server/api/root.ts';
import { ActionDialog, ConfirmOrCancel } from '../../../components/action-dialog.tsx';
import { ErrorBox } from '../../../components/error-box.tsx';
import { useTRPC } from '../../../trpc-provider.tsx';
import { describeRules } from '../policy-rules-text.ts';
import { RuleList } from './policy-form.tsx';

type Policy = inferRouterOutputs<AppRouter>['topicPolicies']['list'][number];

export function DeletePolicyDialog({ policy, clusterName, fallback }: { policy: Policy; clusterName: string; fallback: Policy | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.topicPolicies.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.topicPolicies.pathKey() });
        setOpen(false);
      },
    }),
  );
  const scope = policy.teamId === null ? clusterName : `${clusterName} / team ${policy.teamName ?? policy.teamId}`;
  const afterwards =
    policy.teamId === null
      ? 'Teams without a policy of their own are then held only to their prefix and the cluster’s limits.'
      : fallback
        ? `The team then follows the cluster’s policy.`
        : 'The team then has no policy: only its prefix and the cluster’s limits apply.';
  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        remove.reset();
      }}
      trigger="Delete…"
      triggerClassName="danger"
      title={`Delete the policy of ${scope}?`}
    >
      <Dialog.Description>{afterwards}</Dialog.Description>
      <div className="chart-grid" style={{ gridTemplateColumns: '1fr 1fr' }}>
        <RuleList title="Before" lines={describeRules(policy.rules)} />
        <RuleList title="After" lines={policy.teamId !== null && fallback ? describeRules(fallback.rules) : []} />
      </div>
      <ErrorBox error={remove.error} />
      <ConfirmOrCancel>
        <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate({ policyId: policy.id })}>
          {remove.isPending ? 'Deleting…' : 'Delete policy'}
        </button>
      </ConfirmOrCancel>
    </ActionDialog>
  );
}
