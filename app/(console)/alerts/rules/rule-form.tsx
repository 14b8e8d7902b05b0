'use client';
// The alert rule editor, for a new rule and an existing one: what it watches (cluster, group and topic by
// name or glob), its condition (every kind domain/alert-rule.ts defines) and the webhooks it notifies.
// Checked here with the same zod rules the server applies; viewers see it read-only.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { AlertCondition, alertConditionLabels, describeCondition, NamePattern } from '@/domain/alert-rule.ts';
import { ErrorBox } from '../../../components/error-box.tsx';
import { useTRPC } from '../../../trpc-provider.tsx';

export interface RuleValues {
  name: string;
  clusterPattern: string;
  groupPattern: string;
  topicPattern: string;
  condition: AlertCondition;
  webhookIds: string[];
  enabled: boolean;
}

type Kind = AlertCondition['kind'];
/** The condition's inputs as typed (strings), one set for every kind so switching kinds keeps what was typed. */
interface ConditionFields {
  kind: Kind;
  thresholdRecords: string;
  thresholdSeconds: string;
  windowSeconds: string;
  minLag: string;
  level: 'warning' | 'error';
  forSeconds: string;
}

export const newRuleValues: RuleValues = {
  name: '',
  clusterPattern: 'built-in',
  groupPattern: '',
  topicPattern: '*',
  condition: { kind: 'lag', thresholdRecords: 1_000, forSeconds: 300 },
  webhookIds: [],
  enabled: true,
};

function fieldsOf(condition: AlertCondition): ConditionFields {
  return {
    kind: condition.kind,
    thresholdRecords: condition.kind === 'lag' ? String(condition.thresholdRecords) : '1000',
    thresholdSeconds: condition.kind === 'timeLag' ? String(condition.thresholdSeconds) : '300',
    windowSeconds: condition.kind === 'fallingBehind' || condition.kind === 'burrow' ? String(condition.windowSeconds) : '600',
    minLag: condition.kind === 'burrow' ? String(condition.minLag) : '0',
    level: condition.kind === 'burrow' ? condition.level : 'error',
    forSeconds: String(condition.forSeconds),
  };
}

function conditionOf(fields: ConditionFields): unknown {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const forSeconds = number(fields.forSeconds);
  switch (fields.kind) {
    case 'lag':
      return { kind: 'lag', thresholdRecords: number(fields.thresholdRecords), forSeconds };
    case 'timeLag':
      return { kind: 'timeLag', thresholdSeconds: number(fields.thresholdSeconds), forSeconds };
    case 'fallingBehind':
      return { kind: 'fallingBehind', windowSeconds: number(fields.windowSeconds), forSeconds };
    case 'burrow':
      return {
        kind: 'burrow',
        windowSeconds: number(fields.windowSeconds),
        minLag: number(fields.minLag),
        level: fields.level,
        forSeconds,
      };
  }
}

type Problems = Partial<Record<string, string>>;

/** The rule as the server takes it, or what is wrong with each field. */
function check(values: Omit<RuleValues, 'condition'>, fields: ConditionFields): { rule?: RuleValues; problems: Problems } {
  const problems: Problems = {};
  if (!values.name.trim()) problems.name = 'Name the rule.';
  for (const key of ['clusterPattern', 'groupPattern', 'topicPattern'] as const) {
    const parsed = NamePattern.safeParse(values[key]);
    if (!parsed.success)
      problems[key] = values[key].trim() ? parsed.error.issues[0]?.message : 'Required: a name or a glob such as orders-*.';
  }
  const condition = AlertCondition.safeParse(conditionOf(fields));
  if (!condition.success)
    for (const issue of condition.error.issues) {
      const key = String(issue.path[0] ?? 'kind');
      problems[key] ??= issue.code === 'invalid_type' ? 'Enter a whole number.' : issue.message;
    }
  if (Object.keys(problems).length > 0 || !condition.success) return { problems };
  const { clusterPattern, groupPattern, topicPattern, webhookIds, enabled } = values;
  return {
    rule: { name: values.name.trim(), clusterPattern, groupPattern, topicPattern, condition: condition.data, webhookIds, enabled },
    problems,
  };
}

export function RuleForm({
  initial,
  readOnly,
  submitLabel,
  pending,
  error,
  onSubmit,
  note,
}: {
  initial: RuleValues;
  readOnly: boolean;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (rule: RuleValues) => void;
  note?: ReactNode;
}) {
  const trpc = useTRPC();
  const webhooks = useQuery(trpc.webhooks.list.queryOptions());
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const [values, setValues] = useState<Omit<RuleValues, 'condition'>>(initial);
  const [fields, setFields] = useState<ConditionFields>(() => fieldsOf(initial.condition));
  const [problems, setProblems] = useState<Problems>({});
  const set = (changes: Partial<Omit<RuleValues, 'condition'>>) => setValues((current) => ({ ...current, ...changes }));
  const setField = (changes: Partial<ConditionFields>) => setFields((current) => ({ ...current, ...changes }));
  const preview = AlertCondition.safeParse(conditionOf(fields));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Webhooks deleted since the rule was saved are dropped: the server refuses ids it does not know.
    const webhookIds = webhooks.data
      ? values.webhookIds.filter((id) => webhooks.data.some((webhook) => webhook.id === id))
      : values.webhookIds;
    const checked = check({ ...values, webhookIds }, fields);
    setProblems(checked.problems);
    if (checked.rule) onSubmit(checked.rule);
  };
  const numberField = (key: keyof ConditionFields, label: string, hint: string) => (
    <Field label={label} hint={hint} problem={problems[key]}>
      <input
        type="number"
        min={0}
        step={1}
        value={fields[key]}
        onChange={(event) => setField({ [key]: event.target.value })}
        aria-invalid={Boolean(problems[key])}
      />
    </Field>
  );
  return (
    <form onSubmit={submit} aria-label="Alert rule">
      <fieldset disabled={readOnly} className="rule-form">
        <section className="panel">
          <h2>Rule</h2>
          <div className="rule-grid">
            <Field label="Name" problem={problems.name}>
              <input
                value={values.name}
                onChange={(event) => set({ name: event.target.value })}
                maxLength={100}
                placeholder="billing lag"
              />
            </Field>
            <label className="inline-check">
              <input type="checkbox" checked={values.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
              Enabled
            </label>
          </div>
        </section>
        <section className="panel">
          <h2>Watches</h2>
          <p className="muted">
            Names or globs: <span className="mono">*</span> any characters, <span className="mono">?</span> one character. Lag is summed
            over the group&apos;s partitions of the matching topics.
          </p>
          <div className="rule-grid">
            <Field label="Cluster" problem={problems.clusterPattern} hint="built-in is the console's own broker">
              <input
                className="mono"
                list="alert-rule-clusters"
                value={values.clusterPattern}
                onChange={(event) => set({ clusterPattern: event.target.value })}
                maxLength={255}
              />
            </Field>
            <datalist id="alert-rule-clusters">
              {(clusters.data ?? []).map((cluster) => (
                <option key={cluster.id} value={cluster.id}>
                  {cluster.name}
                </option>
              ))}
            </datalist>
            <Field label="Consumer group" problem={problems.groupPattern}>
              <input
                className="mono"
                value={values.groupPattern}
                onChange={(event) => set({ groupPattern: event.target.value })}
                maxLength={255}
                placeholder="billing-*"
              />
            </Field>
            <Field label="Topic" problem={problems.topicPattern}>
              <input
                className="mono"
                value={values.topicPattern}
                onChange={(event) => set({ topicPattern: event.target.value })}
                maxLength={255}
              />
            </Field>
          </div>
        </section>
        <section className="panel">
          <h2>Condition</h2>
          <div className="rule-grid">
            <Field label="Kind" problem={problems.kind}>
              <select value={fields.kind} onChange={(event) => setField({ kind: event.target.value as Kind })}>
                {Object.entries(alertConditionLabels).map(([kind, label]) => (
                  <option key={kind} value={kind}>
                    {label}
                  </option>
                ))}
              </select>
            </Field>
            {fields.kind === 'lag' && numberField('thresholdRecords', 'Lag above (records)', 'summed over the matching partitions')}
            {fields.kind === 'timeLag' && numberField('thresholdSeconds', 'Time lag above (seconds)', "the worst partition's")}
            {(fields.kind === 'fallingBehind' || fields.kind === 'burrow') &&
              numberField('windowSeconds', 'Window (seconds)', '30 s to 24 h of samples')}
            {fields.kind === 'burrow' && numberField('minLag', 'Minimum lag (records)', 'partitions lagging at most this are OK')}
            {fields.kind === 'burrow' && (
              <Field label="Fire on" problem={problems.level}>
                <select value={fields.level} onChange={(event) => setField({ level: event.target.value as 'warning' | 'error' })}>
                  <option value="error">ERROR (STOP, STALL or REWIND)</option>
                  <option value="warning">WARNING or worse</option>
                </select>
              </Field>
            )}
            {numberField('forSeconds', 'For (seconds)', 'pending this long before firing; 0 fires at once')}
          </div>
          <p className="muted" data-testid="condition-preview">
            {preview.success ? `Fires on ${describeCondition(preview.data)}.` : 'Fill in the condition to see what it fires on.'}
          </p>
        </section>
        <section className="panel">
          <h2>Notify</h2>
          <ErrorBox error={webhooks.error} />
          {webhooks.isPending && <p className="muted">Loading webhooks…</p>}
          {webhooks.data?.length === 0 && (
            <p className="muted">No webhooks yet: add one on the Webhooks page; until then the rule only shows alerts here.</p>
          )}
          <div className="webhook-choices">
            {webhooks.data?.map((webhook) => (
              <label key={webhook.id} className="inline-check">
                <input
                  type="checkbox"
                  checked={values.webhookIds.includes(webhook.id)}
                  onChange={(event) =>
                    set({
                      webhookIds: event.target.checked
                        ? [...values.webhookIds, webhook.id]
                        : values.webhookIds.filter((id) => id !== webhook.id),
                    })
                  }
                />
                {webhook.name} <span className="muted mono">{webhook.urlOrigin}/…</span>
                {!webhook.enabled && <span className="muted"> (disabled)</span>}
              </label>
            ))}
            {values.webhookIds
              .filter((id) => webhooks.data && !webhooks.data.some((webhook) => webhook.id === id))
              .map((id) => (
                <span key={id} className="muted">
                  A webhook this rule named was deleted ({id}); saving drops it.
                </span>
              ))}
          </div>
          <p className="muted">Firing, and resolved after firing, are sent to these webhooks (not while the alert is silenced).</p>
        </section>
        {note}
        {!readOnly && (
          <div className="toolbar">
            <button type="submit" disabled={pending}>
              {pending ? 'Saving…' : submitLabel}
            </button>
          </div>
        )}
      </fieldset>
      <ErrorBox error={error} />
    </form>
  );
}

function Field({ label, hint, problem, children }: { label: string; hint?: string; problem?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child each caller passes in
    <label>
      {label}
      {children}
      {hint && <span className="hint">{hint}</span>}
      {problem && <span className="field-error">{problem}</span>}
    </label>
  );
}
