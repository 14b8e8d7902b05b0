'use client';
// New topic: a preset fills typed configs (durations, sizes, choices), the limits come from the cluster, and
// "Check" asks the cluster (CreateTopics validate_only) for its verdict before anything is created.
// Members create under their team's prefixes; the server decides and explains refusals.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { ConfigValueInput } from '../../components/config-value-input.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import { topicHref } from '../../components/topic-href.ts';
import { useTRPC } from '../../trpc-provider.tsx';
import { maxTopicNameLength, topicNameInputPattern } from '@/domain/topic-name.ts';

type Problems = { key: string | null; message: string }[];

export function CreateTopicForm({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  if (!open) {
    return (
      <div className="toolbar">
        <button type="button" onClick={() => setOpen(true)}>
          New topic
        </button>
        {created && (
          <span className="muted">
            Created <Link href={topicHref(created, clusterId)}>{created}</Link>.
          </span>
        )}
      </div>
    );
  }
  return (
    <OpenForm
      clusterId={clusterId}
      onCancel={() => setOpen(false)}
      onCreated={(name) => {
        setCreated(name);
        setOpen(false);
        void queryClient.invalidateQueries({ queryKey: trpc.topics.list.queryKey() });
      }}
    />
  );
}

function OpenForm({ clusterId, onCancel, onCreated }: { clusterId: string; onCancel: () => void; onCreated: (name: string) => void }) {
  const trpc = useTRPC();
  const catalog = useQuery(trpc.topics.configCatalog.queryOptions());
  const limits = useQuery(trpc.topics.limits.queryOptions({ clusterId }));
  const [name, setName] = useState('');
  const [partitions, setPartitions] = useState('1');
  const [replicationFactor, setReplicationFactor] = useState('1');
  const [presetId, setPresetId] = useState('custom');
  const [configs, setConfigs] = useState<Record<string, string>>({});
  const [addKey, setAddKey] = useState('');
  const [verdict, setVerdict] = useState<{ ok: boolean; problems: Problems; configs: { name: string; value: string | null }[] } | null>(
    null,
  );
  const check = useMutation(trpc.topics.check.mutationOptions({ onSuccess: setVerdict }));
  const create = useMutation(trpc.topics.create.mutationOptions({ onSuccess: () => onCreated(name) }));
  const entries = catalog.data?.configs ?? [];
  const input = { clusterId, name, partitions: Number(partitions), replicationFactor: Number(replicationFactor), configs };
  const changed = () => setVerdict(null);
  const choosePreset = (id: string) => {
    setPresetId(id);
    setConfigs({ ...(catalog.data?.presets.find((preset) => preset.id === id)?.configs ?? {}) });
    changed();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(input);
  };
  const problemFor = (key: string | null) => verdict?.problems.filter((problem) => problem.key === key) ?? [];
  const maxPartitions = limits.data?.maxPartitionsPerTopic;
  return (
    <form className="panel" onSubmit={submit} aria-label="New topic">
      <h2 style={{ marginTop: 0 }}>New topic</h2>
      <div className="form-grid" style={{ border: 'none', padding: 0, background: 'none' }}>
        <label>
          Topic name
          <input
            name="name"
            required
            maxLength={maxTopicNameLength}
            pattern={topicNameInputPattern}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              changed();
            }}
          />
        </label>
        <label>
          Partitions
          <input
            name="partitions"
            type="number"
            min={1}
            max={maxPartitions ?? 10000}
            value={partitions}
            onChange={(event) => {
              setPartitions(event.target.value);
              changed();
            }}
            required
          />
          {limits.data && (
            <span className="hint">
              At most {limits.data.maxPartitionsPerTopic.toLocaleString()}, {limits.data.maxPartitionsSource}
              {limits.data.maxBrokerPartitions
                ? `; ${limits.data.currentPartitions.toLocaleString()} of ${limits.data.maxBrokerPartitions.toLocaleString()} broker partitions in use`
                : ''}
              .
            </span>
          )}
        </label>
        <label>
          Replication factor
          <input
            name="replicationFactor"
            type="number"
            min={1}
            max={limits.data?.maxReplicationFactor ?? 32}
            value={replicationFactor}
            onChange={(event) => {
              setReplicationFactor(event.target.value);
              changed();
            }}
            required
          />
          {limits.data && (
            <span className="hint">
              At most {limits.data.maxReplicationFactor}: the cluster has {limits.data.brokerCount} broker(s).
            </span>
          )}
        </label>
      </div>
      <fieldset className="presets">
        <legend>Preset</legend>
        {catalog.data?.presets.map((preset) => (
          <label key={preset.id} className="preset">
            <input type="radio" name="preset" value={preset.id} checked={presetId === preset.id} onChange={() => choosePreset(preset.id)} />
            <span>
              <strong>{preset.label}</strong> <span className="muted">{preset.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <table aria-label="Configs of the new topic">
        <thead>
          <tr>
            <th>Config</th>
            <th>Value</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {Object.entries(configs).map(([key, value]) => {
            const entry = entries.find((candidate) => candidate.name === key);
            return (
              <tr key={key}>
                <td className="mono">
                  {key}
                  {entry && <div className="hint">{entry.explanation}</div>}
                </td>
                <td>
                  <ConfigValueInput
                    name={key}
                    edit={entry?.edit ?? { kind: 'text' }}
                    value={value}
                    onChange={(next) => {
                      setConfigs({ ...configs, [key]: next });
                      changed();
                    }}
                  />
                  {problemFor(key).map((problem) => (
                    <div key={problem.message} className="field-error" role="alert">
                      {problem.message}
                    </div>
                  ))}
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => {
                      setConfigs(Object.fromEntries(Object.entries(configs).filter(([other]) => other !== key)));
                      changed();
                    }}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
          <tr>
            <td colSpan={3}>
              <select aria-label="Add a config" value={addKey} onChange={(event) => setAddKey(event.target.value)}>
                <option value="">Add a config…</option>
                {entries
                  .filter((entry) => !(entry.name in configs))
                  .map((entry) => (
                    <option key={entry.name} value={entry.name}>
                      {entry.name}
                    </option>
                  ))}
              </select>{' '}
              <button
                type="button"
                className="secondary"
                disabled={!addKey}
                onClick={() => {
                  const entry = entries.find((candidate) => candidate.name === addKey);
                  setConfigs({ ...configs, [addKey]: initialValueFor(entry?.edit) });
                  setAddKey('');
                  changed();
                }}
              >
                Add
              </button>
            </td>
          </tr>
        </tbody>
      </table>
      {verdict && (
        <div className={verdict.ok ? 'verdict ok' : 'verdict failed'} role="status" data-testid="check-verdict">
          {verdict.ok
            ? 'The cluster accepts this topic (validate only: nothing was created).'
            : 'The cluster or the console refuses this topic:'}
          {problemFor(null).map((problem) => (
            <div key={problem.message}>{problem.message}</div>
          ))}
          {verdict.ok && verdict.configs.length > 0 && (
            <details>
              <summary>Configs it would get ({verdict.configs.length})</summary>
              <pre className="mono">{verdict.configs.map((config) => `${config.name}=${config.value ?? '(hidden)'}`).join('\n')}</pre>
            </details>
          )}
        </div>
      )}
      <ErrorBox error={check.error ?? create.error ?? catalog.error ?? limits.error} />
      <div className="toolbar" style={{ marginTop: 12, marginBottom: 0 }}>
        <button type="button" className="secondary" disabled={!name || check.isPending} onClick={() => check.mutate(input)}>
          {check.isPending ? 'Checking…' : 'Check'}
        </button>
        <button type="submit" disabled={create.isPending || !name}>
          {create.isPending ? 'Creating…' : 'Create topic'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function initialValueFor(edit: { kind: string; options?: string[] } | undefined): string {
  if (!edit) return '';
  if (edit.kind === 'boolean') return 'false';
  if (edit.kind === 'enum') return edit.options?.[0] ?? '';
  return '';
}
