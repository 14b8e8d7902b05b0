'use client';
// A topic's configs: every one with value, default, source and our explanation, grouped with retention
// first. Changes are collected, reviewed as a diff the cluster has checked (validate_only), then applied;
// "Reset to default" removes an override. The history shows every config change, ours and other tools'.
// A member's changes go through topicRequests.createChange (member-apply.tsx): within the policy at once,
// otherwise as a change request.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState, type ReactNode } from 'react';
import type { AppRouter } from '@/server/api/root.ts';
import { useClusterId } from '../../../../components/cluster-context.tsx';
import { describeWithUnit, durationUnits, sizeUnits } from '../../../../components/config-units.ts';
import { ConfigValueInput } from '../../../../components/config-value-input.tsx';
import { ErrorBox } from '../../../../components/error-box.tsx';
import { useTRPC } from '../../../../trpc-provider.tsx';
import { useTopicName } from '../use-topic-name.ts';
import { ConfigHistory } from './config-history.tsx';
import { MemberApply } from './member-apply.tsx';
import { RetentionPanel } from './retention-panel.tsx';

type Outputs = inferRouterOutputs<AppRouter>['topics'];
type ConfigRow = Outputs['configs']['groups'][number]['configs'][number];
type Verdict = Outputs['alterConfigs'];
type PendingChange = { operation: 'set'; value: string } | { operation: 'delete' };

export default function TopicConfigsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const name = useTopicName();
  const { clusterId } = useClusterId();
  const configs = useQuery(trpc.topics.configs.queryOptions({ clusterId, name }));
  const me = useQuery(trpc.session.me.queryOptions());
  // Members' changes follow their team's policy: made at once when within it, else sent as a request.
  const member = me.data?.role === 'member';
  const [pending, setPending] = useState<Record<string, PendingChange>>({});
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [applied, setApplied] = useState<ReactNode>(null);
  const changes = Object.entries(pending).map(([key, change]) =>
    change.operation === 'set'
      ? { name: key, operation: 'set' as const, value: change.value }
      : { name: key, operation: 'delete' as const },
  );
  const check = useMutation(trpc.topics.alterConfigs.mutationOptions({ onSuccess: setVerdict }));
  const apply = useMutation(
    trpc.topics.alterConfigs.mutationOptions({
      onSuccess: async (result) => {
        setApplied(
          `Applied ${result.diff.length} change${result.diff.length === 1 ? '' : 's'}: ${result.diff.map((entry) => entry.key).join(', ')}.`,
        );
        setPending({});
        setVerdict(null);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.topics.configs.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.topics.configHistory.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.topics.get.queryKey() }),
        ]);
      },
    }),
  );
  const edit = (key: string, change: PendingChange | null) => {
    setVerdict(null);
    setApplied(null);
    const next = { ...pending };
    if (change) next[key] = change;
    else delete next[key];
    setPending(next);
  };
  if (configs.isLoading) return <p className="muted">Loading configs…</p>;
  if (!configs.data) return <ErrorBox error={configs.error} />;
  const values = new Map(configs.data.groups.flatMap((group) => group.configs.map((config) => [config.name, config.value] as const)));
  const problemsFor = (key: string) => verdict?.problems.filter((problem) => problem.key === key) ?? [];
  return (
    <>
      <RetentionPanel
        values={values}
        partitions={configs.data.retention.partitions}
        sizeBytes={configs.data.retention.sizeBytes}
        oldestRecordTimestampMs={configs.data.retention.oldestRecordTimestampMs}
      />
      {changes.length > 0 && (
        <section className="panel" aria-label="Pending changes">
          <div className="toolbar" style={{ marginBottom: 0 }}>
            <strong>
              {changes.length} pending change{changes.length === 1 ? '' : 's'}
            </strong>
            <button
              type="button"
              className="secondary"
              disabled={check.isPending}
              onClick={() => check.mutate({ clusterId, name, changes, validateOnly: true })}
            >
              {check.isPending ? 'Checking…' : 'Review changes'}
            </button>
            {member ? (
              <MemberApply
                clusterId={clusterId}
                topic={name}
                changes={changes}
                checked={verdict?.ok === true && verdict.diff.length > 0}
                onDone={(outcome) => {
                  setApplied(outcome);
                  setPending({});
                  setVerdict(null);
                }}
              />
            ) : (
              <button
                type="button"
                disabled={!verdict?.ok || verdict.diff.length === 0 || apply.isPending}
                onClick={() => apply.mutate({ clusterId, name, changes })}
              >
                {apply.isPending ? 'Applying…' : 'Apply'}
              </button>
            )}
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setPending({});
                setVerdict(null);
              }}
            >
              Discard
            </button>
          </div>
          {verdict && <DiffTable verdict={verdict} />}
          <ErrorBox error={check.error ?? apply.error} />
        </section>
      )}
      {applied && (
        <p className="verdict ok" role="status">
          {applied}
        </p>
      )}
      {configs.data.groups.map((group) => (
        <section key={group.group} className="config-group" aria-label={`${group.group} configs`}>
          <h2>{group.group === 'cleanup' ? 'Cleanup and compaction' : group.group}</h2>
          <table>
            <thead>
              <tr>
                <th style={{ width: '34%' }}>Config</th>
                <th>Value</th>
                <th>Default</th>
                <th>Source</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {group.configs.map((config) => (
                <ConfigTableRow
                  key={config.name}
                  config={config}
                  pending={pending[config.name]}
                  problems={problemsFor(config.name)}
                  onEdit={(change) => edit(config.name, change)}
                />
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <ConfigHistory clusterId={clusterId} name={name} />
    </>
  );
}

function ConfigTableRow({
  config,
  pending,
  problems,
  onEdit,
}: {
  config: ConfigRow;
  pending: PendingChange | undefined;
  problems: { message: string }[];
  onEdit: (change: PendingChange | null) => void;
}) {
  const overridden = config.source === 'topic override';
  return (
    <tr data-testid={`config-${config.name}`}>
      <td>
        <span className="mono">{config.name}</span>
        <div className="hint">{config.explanation}</div>
      </td>
      <td>
        {pending?.operation === 'set' ? (
          <ConfigValueInput
            name={config.name}
            edit={config.edit}
            value={pending.value}
            onChange={(value) => onEdit({ operation: 'set', value })}
            label={`New value of ${config.name}`}
          />
        ) : pending?.operation === 'delete' ? (
          <span className="muted">reset to default ({shown(config, config.defaultValue)})</span>
        ) : (
          <span className="mono" data-testid="config-value" title={config.value ?? undefined}>
            {config.sensitive ? '•••••• (sensitive)' : shown(config, config.value)}
          </span>
        )}
        {problems.map((problem) => (
          <div key={problem.message} className="field-error" role="alert">
            {problem.message}
          </div>
        ))}
      </td>
      <td className="mono">{config.sensitive ? '••••••' : shown(config, config.defaultValue)}</td>
      <td>
        <span className={overridden ? 'badge pending' : 'badge'} data-testid="config-source">
          {config.source}
        </span>
      </td>
      <td style={{ whiteSpace: 'nowrap' }}>
        {pending ? (
          <button type="button" className="secondary" onClick={() => onEdit(null)}>
            Undo
          </button>
        ) : (
          !config.readOnly && (
            <>
              <button
                type="button"
                className="secondary"
                aria-label={`Edit ${config.name}`}
                onClick={() => onEdit({ operation: 'set', value: config.value ?? '' })}
              >
                Edit
              </button>{' '}
              {overridden && (
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Reset ${config.name} to default`}
                  onClick={() => onEdit({ operation: 'delete' })}
                >
                  Reset to default
                </button>
              )}
            </>
          )
        )}
        {config.readOnly && <span className="muted">read-only</span>}
      </td>
    </tr>
  );
}

function DiffTable({ verdict }: { verdict: Verdict }) {
  return (
    <>
      <div className={verdict.ok ? 'verdict ok' : 'verdict failed'} role="status" data-testid="config-verdict">
        {verdict.ok
          ? verdict.diff.length === 0
            ? 'Nothing would change.'
            : 'The cluster accepts these changes (checked with validate_only; nothing changed yet).'
          : 'Refused; see the messages next to each config.'}
        {verdict.problems
          .filter((problem) => problem.key === null)
          .map((problem) => (
            <div key={problem.message}>{problem.message}</div>
          ))}
      </div>
      {verdict.diff.length > 0 && (
        <table aria-label="Diff">
          <thead>
            <tr>
              <th>Config</th>
              <th>Old</th>
              <th>New</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {verdict.diff.map((entry) => (
              <tr key={entry.key} data-testid={`diff-${entry.key}`}>
                <td className="mono">{entry.key}</td>
                <td className="mono diff-old">{entry.oldValue ?? '—'}</td>
                <td className="mono diff-new">
                  {entry.newValue ?? '—'} <span className="hint">{wordsFor(entry.key, entry.newValue)}</span>
                </td>
                <td>
                  {entry.oldSource ?? '?'} → {entry.newSource ?? '?'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function wordsFor(key: string, value: string | null): string {
  if (value === null) return '';
  if (key.endsWith('.ms')) return `(${describeWithUnit(value, durationUnits)})`;
  if (key.endsWith('.bytes')) return `(${describeWithUnit(value, sizeUnits)})`;
  return '';
}

function shown(config: ConfigRow, value: string | null): string {
  if (value === null) return '—';
  const specials = config.edit.kind === 'duration' || config.edit.kind === 'size' ? config.edit.specials : undefined;
  if (specials && Object.hasOwn(specials, value)) return `${value} (${specials[value]})`;
  if (config.edit.kind === 'duration') return `${value} (${describeWithUnit(value, durationUnits)})`;
  if (config.edit.kind === 'size') return `${value} (${describeWithUnit(value, sizeUnits)})`;
  return value;
}
