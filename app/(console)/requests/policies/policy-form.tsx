'use client';
// Edits one policy's rules; "Review" opens a dialog with the rules before and after, and only its button
// saves (audited as policy.set).
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { cleanupPolicies, TopicPolicyRules, type CleanupPolicy } from '@/domain/topic-policy.ts';
import { ActionDialog, ConfirmOrCancel } from '../../../components/action-dialog.tsx';
import { durationUnits, sizeUnits } from '../../../components/config-units.ts';
import { ErrorBox } from '../../../components/error-box.tsx';
import { useTRPC } from '../../../trpc-provider.tsx';
import { describeRules } from '../policy-rules-text.ts';
import { OptionalNumberField, OptionalUnitField } from './rule-fields.tsx';

interface Props {
  clusterId: string;
  teamId: string | null;
  scopeName: string;
  existing: TopicPolicyRules | null;
}

export function PolicyForm({ clusterId, teamId, scopeName, existing }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rules, setRules] = useState<TopicPolicyRules>(existing ?? TopicPolicyRules.parse({}));
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.topicPolicies.set.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.topicPolicies.pathKey() });
        setOpen(false);
        setSaved(true);
      },
    }),
  );
  const set = <K extends keyof TopicPolicyRules>(key: K, value: TopicPolicyRules[K]) => {
    setSaved(false);
    setRules({ ...rules, [key]: value });
  };
  const parsed = TopicPolicyRules.safeParse(rules);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (parsed.success && rules.minRetentionMs !== null && rules.maxRetentionMs !== null && rules.minRetentionMs > rules.maxRetentionMs)
    problems.push('The minimum retention is longer than the maximum.');
  const toggleCleanup = (policy: CleanupPolicy, on: boolean) => {
    const current = rules.allowedCleanupPolicies ?? [];
    const next = on ? [...current, policy] : current.filter((other) => other !== policy);
    set('allowedCleanupPolicies', next.length === 0 ? null : cleanupPolicies.filter((candidate) => next.includes(candidate)));
  };
  const before = existing ? describeRules(existing) : null;
  const after = describeRules(rules);
  return (
    <section className="panel" aria-label="Policy rules">
      <p className="muted" style={{ marginTop: 0 }}>
        {existing ? `Editing the policy of ${scopeName}.` : `${scopeName} has no policy of its own yet.`} Leave a field empty for no limit.
      </p>
      <div className="form-grid" style={{ border: 'none', padding: 0, background: 'none' }}>
        <label>
          Name pattern
          <input
            className="mono"
            placeholder="any name, e.g. *.events.v*"
            value={rules.namePattern ?? ''}
            maxLength={200}
            onChange={(event) => set('namePattern', event.target.value.trim() === '' ? null : event.target.value)}
          />
        </label>
        <OptionalNumberField
          label="Maximum partitions"
          min={1}
          max={100_000}
          value={rules.maxPartitions}
          onChange={(value) => set('maxPartitions', value)}
        />
        <OptionalUnitField
          label="Minimum retention"
          units={durationUnits}
          value={rules.minRetentionMs}
          onChange={(value) => set('minRetentionMs', value)}
        />
        <OptionalUnitField
          label="Maximum retention"
          units={durationUnits}
          value={rules.maxRetentionMs}
          onChange={(value) => set('maxRetentionMs', value)}
        />
        <OptionalUnitField
          label="Maximum retention size per partition"
          units={sizeUnits}
          value={rules.maxRetentionBytes}
          onChange={(value) => set('maxRetentionBytes', value)}
        />
        <OptionalNumberField
          label="Minimum replication factor"
          min={1}
          max={32}
          value={rules.minReplicationFactor}
          onChange={(value) => set('minReplicationFactor', value)}
        />
        <OptionalNumberField
          label="Minimum min.insync.replicas"
          min={1}
          max={32}
          value={rules.minInsyncReplicas}
          onChange={(value) => set('minInsyncReplicas', value)}
        />
        <OptionalUnitField
          label="Team disk budget"
          units={sizeUnits}
          value={rules.maxTeamDiskBytes}
          onChange={(value) => set('maxTeamDiskBytes', value)}
        />
      </div>
      <fieldset className="presets">
        <legend>Allowed cleanup policies (none ticked: any)</legend>
        {cleanupPolicies.map((policy) => (
          <label key={policy} style={{ flexDirection: 'row', gap: 6, alignItems: 'center' }}>
            <input
              type="checkbox"
              checked={rules.allowedCleanupPolicies?.includes(policy) ?? false}
              onChange={(event) => toggleCleanup(policy, event.target.checked)}
            />
            <span className="mono">{policy}</span>
          </label>
        ))}
      </fieldset>
      <p className="hint">
        The replication rules apply only on clusters with at least that many brokers. The disk budget counts the estimated disk of all the
        team’s requested topics on the cluster (throughput × retention × replication).
      </p>
      {problems.map((problem) => (
        <div key={problem} className="field-error" role="alert">
          {problem}
        </div>
      ))}
      {saved && (
        <p className="verdict ok" role="status">
          Saved the policy of {scopeName}. Pending requests are checked against it when they are approved.
        </p>
      )}
      <ActionDialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next && problems.length === 0);
          save.reset();
        }}
        trigger="Review and save…"
        triggerClassName=""
        title={`Save the policy of ${scopeName}?`}
      >
        <Dialog.Description className="muted">
          New requests are checked against it at once; pending ones when an operator approves them.
        </Dialog.Description>
        <div className="chart-grid" style={{ gridTemplateColumns: '1fr 1fr' }}>
          <RuleList title="Before" lines={before} />
          <RuleList title="After" lines={after} />
        </div>
        <ErrorBox error={save.error} />
        <ConfirmOrCancel>
          <button type="button" disabled={save.isPending} onClick={() => save.mutate({ clusterId, teamId, rules })}>
            {save.isPending ? 'Saving…' : 'Save policy'}
          </button>
        </ConfirmOrCancel>
      </ActionDialog>
    </section>
  );
}

export function RuleList({ title, lines }: { title: string; lines: string[] | null }) {
  return (
    <div data-testid={`rules-${title.toLowerCase()}`}>
      <h3 style={{ margin: '8px 0 4px', fontSize: 14 }}>{title}</h3>
      {lines === null ? (
        <p className="muted">no policy of its own</p>
      ) : lines.length === 0 ? (
        <p className="muted">no rules</p>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
