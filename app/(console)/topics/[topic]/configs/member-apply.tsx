'use client';
// A member's "Apply" on the configs page: the change goes through topicRequests.createChange, which makes a
// retention-only change within the team's policy at once and turns anything else into a change request an
// operator approves. Resetting to the default is not a request the server takes, so members set the value.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ErrorBox } from '../../../../components/error-box.tsx';
import { useTRPC } from '../../../../trpc-provider.tsx';

type Change = { name: string; operation: 'set'; value: string } | { name: string; operation: 'delete' };

interface Props {
  clusterId: string;
  topic: string;
  changes: Change[];
  /** The cluster accepted the changes (validate_only) and they change something. */
  checked: boolean;
  /** Called once the change is made or sent, with what happened in words (the pending changes are done). */
  onDone: (outcome: ReactNode) => void;
}

export function MemberApply({ clusterId, topic, changes, checked, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const send = useMutation(
    trpc.topicRequests.createChange.mutationOptions({
      onSuccess: async (outcome) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.topics.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.topicRequests.pathKey() }),
        ]);
        const breaks = outcome.verdict.violations.length;
        onDone(
          outcome.applied ? (
            `Applied at once: ${changes.map((change) => change.name).join(', ')} (a retention change within your policy).`
          ) : (
            <span data-testid="change-outcome">
              Sent as <Link href={`/requests/${outcome.requestId}`}>change request #{outcome.requestId}</Link>: an operator or admin
              approves it
              {breaks > 0 ? ` (it breaks ${breaks} policy rule(s); they decide)` : ''}.
            </span>
          ),
        );
      },
    }),
  );
  const resets = changes.filter((change) => change.operation === 'delete');
  const sets = Object.fromEntries(changes.flatMap((change) => (change.operation === 'set' ? [[change.name, change.value]] : [])));
  return (
    <>
      <button
        type="button"
        disabled={!checked || resets.length > 0 || send.isPending}
        title="A retention change within your team's policy is made at once; anything else becomes a change request"
        onClick={() => send.mutate({ clusterId, name: topic, configs: sets })}
      >
        {send.isPending ? 'Sending…' : 'Apply or request'}
      </button>
      {resets.length > 0 && (
        <span className="field-error">
          Members cannot reset {resets.map((change) => change.name).join(', ')} to the default: set the value you want instead.
        </span>
      )}
      <ErrorBox error={send.error} />
    </>
  );
}
