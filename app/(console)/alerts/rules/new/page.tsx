'use client';
// A new alert rule (operators and admins; the server checks the role). Saved, it opens the rule's page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { hasRole } from '@/domain/roles.ts';
import { useTRPC } from '../../../../trpc-provider.tsx';
import { AlertsTabs } from '../../alert-parts.tsx';
import { newRuleValues, RuleForm } from '../rule-form.tsx';

export default function NewAlertRulePage() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.session.me.queryOptions());
  const create = useMutation(
    trpc.alerts.createRule.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
        router.push(`/alerts/rules/${encodeURIComponent(id)}`);
      },
    }),
  );
  const mayChange = me.data ? hasRole(me.data.role, 'operator') : false;
  return (
    <>
      <h1>Alerts</h1>
      <AlertsTabs />
      <p className="muted" style={{ margin: '0 0 4px' }}>
        <Link href="/alerts/rules">Rules</Link> /
      </p>
      <h2>New alert rule</h2>
      {me.data && !mayChange && <div className="error">Not allowed: operators and admins create alert rules; you are {me.data.role}.</div>}
      <RuleForm
        initial={newRuleValues}
        readOnly={!mayChange}
        submitLabel="Create rule"
        pending={create.isPending}
        error={create.error}
        onSubmit={(rule) => create.mutate(rule)}
      />
    </>
  );
}
