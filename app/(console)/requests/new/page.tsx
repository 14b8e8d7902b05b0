'use client';
// A new topic request. The form suggests partitions from the expected throughput and shows the disk the
// topic will use (domain/topic-policy.ts, the same maths as the server); the server's check runs as the member
// types (debounced) and names every rule the request breaks. A request the check refuses cannot be submitted.
// `?cluster=` and `?name=` prefill the form, so a link can start a request.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Suspense, useState, type FormEvent } from 'react';
import { hasRole } from '@/domain/roles.ts';
import { maxTopicNameLength, topicNameInputPattern } from '@/domain/topic-name.ts';
import {
  cleanupPolicies,
  describeBytes,
  estimateDiskBytes,
  MAX_EXPECTED_CONSUMERS,
  MAX_REQUEST_DESCRIPTION_LENGTH,
  SUGGESTED_BYTES_PER_SECOND_PER_PARTITION,
  suggestPartitions,
} from '@/domain/topic-policy.ts';
import { useClusterId } from '../../../components/cluster-context.tsx';
import { CatalogConfigField } from '../../../components/config-value-input.tsx';
import { ErrorBox } from '../../../components/error-box.tsx';
import { useQueryState } from '../../../components/query-state.ts';
import { useDebounced } from '../../../components/use-debounced.ts';
import { useTRPC } from '../../../trpc-provider.tsx';
import { describeRules } from '../policy-rules-text.ts';
import { OtherConfigs } from './other-configs.tsx';

/** Configs the form has its own fields for; the rest go through "Other configs". */
const OWN_FIELDS = ['retention.ms', 'retention.bytes', 'cleanup.policy'];
const SEVEN_DAYS_MS = '604800000';

export default function NewRequestPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <NewRequest />
    </Suspense>
  );
}

function NewRequest() {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions());
  if (!me.data) return <p className="muted">Loading…</p>;
  if (!hasRole(me.data.role, 'member'))
    return (
      <>
        <h1>New topic request</h1>
        <p className="error" role="alert">
          Viewers cannot ask for topics: a member of a team can. <Link href="/requests">Back to the requests</Link>.
        </p>
      </>
    );
  return <RequestForm />;
}

function RequestForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const { params } = useQueryState();
  const { clusterId: currentCluster } = useClusterId();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const catalog = useQuery(trpc.topics.configCatalog.queryOptions());
  const [clusterId, setClusterId] = useState(params.get('cluster') ?? currentCluster);
  const [name, setName] = useState(params.get('name') ?? '');
  const [partitions, setPartitions] = useState('1');
  const [replicationFactor, setReplicationFactor] = useState('1');
  const [retentionMs, setRetentionMs] = useState(SEVEN_DAYS_MS);
  const [retentionBytes, setRetentionBytes] = useState('-1');
  const [cleanupPolicy, setCleanupPolicy] = useState<string>('delete');
  const [otherConfigs, setOtherConfigs] = useState<Record<string, string>>({});
  const [description, setDescription] = useState('');
  const [recordsPerSecond, setRecordsPerSecond] = useState('0');
  const [averageRecordBytes, setAverageRecordBytes] = useState('0');
  const [consumers, setConsumers] = useState('');

  const configs: Record<string, string> = { ...otherConfigs, 'retention.ms': retentionMs, 'cleanup.policy': cleanupPolicy };
  if (retentionBytes !== '-1') configs['retention.bytes'] = retentionBytes;
  const input = {
    clusterId,
    name: name.trim(),
    partitions: Number(partitions),
    replicationFactor: Number(replicationFactor),
    configs,
    description,
    recordsPerSecond: Number(recordsPerSecond),
    averageRecordBytes: Number(averageRecordBytes),
    expectedConsumers: consumers
      .split(',')
      .map((consumer) => consumer.trim())
      .filter(Boolean),
  };
  const fieldProblems = localProblems(input);
  const inputKey = JSON.stringify(input);
  const checkedKey = useDebounced(inputKey, 400);
  const checkable = fieldProblems.length === 0 && input.name !== '';
  const check = useQuery({
    ...trpc.topicRequests.check.queryOptions(JSON.parse(checkedKey) as typeof input),
    enabled: checkable && checkedKey === inputKey,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const create = useMutation(trpc.topicRequests.create.mutationOptions({ onSuccess: ({ id }) => router.push(`/requests/${id}`) }));
  const verdict = checkable ? check.data : undefined;
  const upToDate = checkable && checkedKey === inputKey && !check.isFetching && !check.isPlaceholderData;
  const canSubmit = upToDate && verdict?.ok === true && !create.isPending;

  const bytesPerSecond = input.recordsPerSecond * input.averageRecordBytes;
  const suggested = suggestPartitions(input.recordsPerSecond, input.averageRecordBytes, verdict?.policy.rules.maxPartitions ?? null);
  const diskBytes = fieldProblems.length === 0 ? estimateDiskBytes({ ...input }) : null;
  const problemsFor = (key: string) => verdict?.problems.filter((problem) => problem.key === key) ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canSubmit) create.mutate(input);
  };

  return (
    <>
      <p className="muted" style={{ margin: '0 0 4px' }}>
        <Link href="/requests">Requests</Link> /
      </p>
      <h1>New topic request</h1>
      <form className="panel" onSubmit={submit} aria-label="New topic request">
        <div className="form-grid" style={{ border: 'none', padding: 0, background: 'none' }}>
          <label>
            Cluster
            <select aria-label="Cluster of the topic" value={clusterId} onChange={(event) => setClusterId(event.target.value)}>
              {(clusters.data ?? [{ id: clusterId, name: clusterId }]).map((cluster) => (
                <option key={cluster.id} value={cluster.id}>
                  {cluster.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Topic name
            <input
              name="name"
              required
              maxLength={maxTopicNameLength}
              pattern={topicNameInputPattern}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            {problemsFor('name').map((problem) => (
              <span key={problem.message} className="field-error" role="alert">
                {problem.message}
              </span>
            ))}
          </label>
          <label>
            Partitions
            <input type="number" name="partitions" min={1} value={partitions} onChange={(event) => setPartitions(event.target.value)} />
            <span className="hint" data-testid="suggested-partitions">
              Suggested: {suggested} for {describeBytes(bytesPerSecond)}/s (one per{' '}
              {describeBytes(SUGGESTED_BYTES_PER_SECOND_PER_PARTITION)}/s)
              {String(suggested) !== partitions && (
                <>
                  {' '}
                  <button
                    type="button"
                    className="secondary"
                    style={{ padding: '1px 8px' }}
                    onClick={() => setPartitions(String(suggested))}
                  >
                    Use {suggested}
                  </button>
                </>
              )}
            </span>
          </label>
          <label>
            Replication factor
            <input
              type="number"
              name="replicationFactor"
              min={1}
              max={32}
              value={replicationFactor}
              onChange={(event) => setReplicationFactor(event.target.value)}
            />
          </label>
        </div>
        <h2>Retention and cleanup</h2>
        <div
          className="form-grid"
          style={{ border: 'none', padding: 0, background: 'none', gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}
        >
          <CatalogConfigField
            title="Retention time"
            name="retention.ms"
            catalog={catalog.data?.configs}
            value={retentionMs}
            onChange={setRetentionMs}
            label="Retention time"
          >
            {problemsFor('retention.ms').map((problem) => (
              <span key={problem.message} className="field-error">
                {problem.message}
              </span>
            ))}
          </CatalogConfigField>
          <CatalogConfigField
            title="Retention size per partition"
            name="retention.bytes"
            catalog={catalog.data?.configs}
            value={retentionBytes}
            onChange={setRetentionBytes}
            label="Retention size per partition"
          />
          <label>
            Cleanup policy
            <select aria-label="Cleanup policy" value={cleanupPolicy} onChange={(event) => setCleanupPolicy(event.target.value)}>
              {cleanupPolicies.map((policy) => (
                <option key={policy} value={policy}>
                  {policy}
                </option>
              ))}
            </select>
          </label>
        </div>
        <OtherConfigs
          entries={(catalog.data?.configs ?? []).filter((entry) => !OWN_FIELDS.includes(entry.name))}
          configs={otherConfigs}
          onChange={setOtherConfigs}
          problemsFor={problemsFor}
        />
        <h2>What it is for</h2>
        <div className="form-grid" style={{ border: 'none', padding: 0, background: 'none' }}>
          <label>
            Expected records per second
            <input type="number" min={0} value={recordsPerSecond} onChange={(event) => setRecordsPerSecond(event.target.value)} />
          </label>
          <label>
            Average record size (bytes)
            <input type="number" min={0} value={averageRecordBytes} onChange={(event) => setAverageRecordBytes(event.target.value)} />
          </label>
          <label>
            Expected consumers
            <input
              value={consumers}
              placeholder="billing-service, audit-export"
              onChange={(event) => setConsumers(event.target.value)}
              aria-describedby="consumers-hint"
            />
            <span className="hint" id="consumers-hint">
              Consumer groups or services, comma-separated (at most {MAX_EXPECTED_CONSUMERS}).
            </span>
          </label>
        </div>
        <label style={{ display: 'flex', flexDirection: 'column', gap: 4, marginTop: 8 }}>
          Description
          <textarea
            rows={3}
            maxLength={MAX_REQUEST_DESCRIPTION_LENGTH}
            value={description}
            placeholder="What the topic carries and who owns the producers"
            onChange={(event) => setDescription(event.target.value)}
          />
        </label>
        <p data-testid="disk-estimate" style={{ marginBottom: 0 }}>
          Disk use: <strong>{diskBytes === null ? 'unbounded (kept forever with no size limit)' : `${describeBytes(diskBytes)}`}</strong>{' '}
          <span className="muted">
            = {describeBytes(bytesPerSecond)}/s × retention × {input.replicationFactor || '?'} replica(s)
            {retentionBytes !== '-1' ? ', capped by retention size × partitions × replicas' : ''}
          </span>
        </p>
        <Verdict
          fieldProblems={fieldProblems}
          named={input.name !== ''}
          checking={checkable && !upToDate}
          verdict={verdict}
          error={checkable ? check.error : null}
        />
        <ErrorBox error={create.error ?? clusters.error ?? catalog.error} />
        <div className="toolbar" style={{ marginTop: 12, marginBottom: 0 }}>
          <button type="submit" disabled={!canSubmit}>
            {create.isPending ? 'Submitting…' : 'Submit request'}
          </button>
          <Link className="button secondary" href="/requests">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}

type CheckVerdict = {
  ok: boolean;
  violations: { rule: string; message: string }[];
  problems: { key: string | null; message: string }[];
  policy: { scope: 'team' | 'cluster' | 'none'; rules: Parameters<typeof describeRules>[0] };
  clusterReachable: boolean;
  clusterError: string | null;
};

function Verdict({
  fieldProblems,
  named,
  checking,
  verdict,
  error,
}: {
  fieldProblems: string[];
  named: boolean;
  checking: boolean;
  verdict: CheckVerdict | undefined;
  error: unknown;
}) {
  if (fieldProblems.length > 0)
    return (
      <div className="verdict failed" role="status" data-testid="request-verdict">
        {fieldProblems.map((problem) => (
          <div key={problem}>{problem}</div>
        ))}
      </div>
    );
  if (!named)
    return (
      <p className="muted" data-testid="request-verdict">
        Name the topic to check the request against the policy.
      </p>
    );
  if (error) return <ErrorBox error={error} />;
  if (!verdict)
    return (
      <p className="muted" data-testid="request-verdict">
        Checking against the policy…
      </p>
    );
  const rules = describeRules(verdict.policy.rules);
  const scope =
    verdict.policy.scope === 'none'
      ? 'No policy is set for this cluster: only your team prefix and the cluster’s limits apply.'
      : `Your ${verdict.policy.scope === 'team' ? 'team’s' : 'cluster’s'} policy: ${rules.length > 0 ? rules.join('; ') : 'no rules'}.`;
  return (
    <div
      className={verdict.ok ? 'verdict ok' : 'verdict failed'}
      role="status"
      data-testid="request-verdict"
      style={checking ? { opacity: 0.6 } : undefined}
    >
      <div>
        <strong>{verdict.ok ? 'This request follows the policy.' : 'This request cannot be submitted:'}</strong>
        {checking && <span className="muted"> (checking…)</span>}
      </div>
      {verdict.violations.map((violation) => (
        <div key={violation.message} data-testid="policy-violation">
          {violation.message}
        </div>
      ))}
      {verdict.problems.map((problem) => (
        <div key={problem.message}>{problem.message}</div>
      ))}
      {!verdict.clusterReachable && (
        <div>The cluster could not be reached ({verdict.clusterError}): its limits are checked again at approval.</div>
      )}
      <div className="muted" style={{ marginTop: 4 }}>
        {scope}
      </div>
    </div>
  );
}

/** What the server's schema would refuse, said here before asking it. */
function localProblems(input: {
  partitions: number;
  replicationFactor: number;
  recordsPerSecond: number;
  averageRecordBytes: number;
}): string[] {
  const problems: string[] = [];
  const whole = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!whole(input.partitions, 1, 100_000)) problems.push('Partitions: a whole number from 1 to 100,000.');
  if (!whole(input.replicationFactor, 1, 32)) problems.push('Replication factor: a whole number from 1 to 32.');
  if (!whole(input.recordsPerSecond, 0, 100_000_000)) problems.push('Records per second: a whole number, 0 or more.');
  if (!whole(input.averageRecordBytes, 0, 100 * 1024 * 1024))
    problems.push('Average record size: a whole number of bytes, at most 100 MiB.');
  return problems;
}
