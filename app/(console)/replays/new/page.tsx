'use client';
// /replays/new: what to copy (source topic, offsets or a time range per partition, an optional filter), where
// to (target topic, partitioning, timestamps) and how fast (rate limit). The form lives in the address (the
// topic and group pages link here with ?topic=<topic>); planning stores a replay and shows its plan, which
// an operator starts, and a member starts or, for a topic outside their team's prefixes, sends for approval.
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { useClusterId } from '../../../components/cluster-context.tsx';
import { ErrorBox } from '../../../components/error-box.tsx';
import { RecordFilterFields } from '../../../components/record-filter-fields.tsx';
import { replayHref, replaysHref } from '../../../components/replay-href.ts';
import { useTRPC } from '../../../trpc-provider.tsx';
import { ReplayPlanView } from '../replay-plan-view.tsx';
import { StartReplayDialog } from '../replay-actions.tsx';
import { parseReplayForm, type ReplayForm, replayFormToParams, toPlanInput } from './replay-form.ts';
import { SourcePartitions } from './source-partitions.tsx';

export default function NewReplayPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <NewReplay />
    </Suspense>
  );
}

/** Text typed into a field, settled for `delayMs` (so each keystroke is not a request). */
function useSettled(text: string, delayMs = 300): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), delayMs);
    return () => clearTimeout(timer);
  }, [text, delayMs]);
  return settled;
}

function NewReplay() {
  const trpc = useTRPC();
  const router = useRouter();
  const { clusterId } = useClusterId();
  const searchParams = useSearchParams();
  const queryString = searchParams.toString();
  const [draft, setDraft] = useState<ReplayForm>(() => parseReplayForm(new URLSearchParams(queryString)));
  // The address this page wrote last: any other change of it (back, a link) is a new form to show.
  const written = useRef(queryString);
  useEffect(() => {
    if (queryString !== written.current) {
      written.current = queryString;
      setDraft(parseReplayForm(new URLSearchParams(queryString)));
    }
  }, [queryString]);
  const me = useQuery(trpc.session.me.queryOptions());
  const role = me.data?.role ?? 'viewer';
  const sourceName = useSettled(draft.topic.trim());
  const source = useQuery({
    ...trpc.topics.get.queryOptions({ clusterId, name: sourceName }),
    enabled: sourceName !== '',
    retry: false,
  });
  const partitionCount = source.data?.name === draft.topic.trim() ? source.data.partitions.length : null;
  const [planned, setPlanned] = useState<{ queryString: string } | null>(null);
  const plan = useMutation(trpc.replays.plan.mutationOptions());
  const request = toPlanInput(draft, clusterId, partitionCount);
  const draftQuery = formQuery(draft, searchParams.get('cluster'));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typeof request === 'string') return;
    written.current = draftQuery;
    router.replace(`/replays/new?${draftQuery}`, { scroll: false });
    setPlanned({ queryString: draftQuery });
    plan.mutate(request);
  };
  const set = <K extends keyof ReplayForm>(name: K, value: ReplayForm[K]) => setDraft((current) => ({ ...current, [name]: value }));
  const result = plan.data;
  const stale = planned !== null && planned.queryString !== draftQuery;
  return (
    <>
      <p className="muted" style={{ margin: '0 0 4px' }}>
        <Link href={replaysHref(clusterId)}>Replays</Link> /
      </p>
      <h1>New replay</h1>
      <p className="muted">
        Copies a range of a topic&apos;s records into a topic (or back into the same one, e.g. to redrive a dead-letter topic), keeping keys
        and headers, exactly once. Planning shows what will be copied; nothing is written until the replay is started.
      </p>
      <form onSubmit={submit} aria-label="New replay">
        <SourceFields draft={draft} set={set} clusterId={clusterId} />
        {source.error && sourceName === draft.topic.trim() && <ErrorBox error={source.error} />}
        <SourcePartitions draft={draft} set={set} partitions={source.data?.name === sourceName ? source.data.partitions : null} />
        <h2>Filter (optional)</h2>
        <div className="form-grid">
          <RecordFilterFields
            value={draft.filter}
            onChange={(name, text) => setDraft((current) => ({ ...current, filter: { ...current.filter, [name]: text } }))}
            error={plan.error}
          />
        </div>
        <TargetFields draft={draft} set={set} clusterId={clusterId} />
        <div className="toolbar">
          <button type="submit" disabled={typeof request === 'string' || plan.isPending || role === 'viewer'}>
            {plan.isPending ? 'Planning…' : 'Plan replay'}
          </button>
          {role === 'viewer' && <span className="muted">Viewers cannot plan replays; a member or an operator can.</span>}
          {typeof request === 'string' && role !== 'viewer' && (
            <span className="muted" data-testid="replay-form-missing">
              {request}
            </span>
          )}
        </div>
      </form>
      <ErrorBox error={plan.error ?? me.error} />
      {result && !plan.isPending && typeof request !== 'string' && (
        <>
          <ReplayPlanView
            plan={result.plan}
            sourceTopic={request.sourceTopic}
            targetTopic={request.targetTopic}
            settings={request.settings}
          />
          {stale ? (
            <p className="note" role="status">
              The form changed since this plan: plan again to start it.
            </p>
          ) : (
            <div className="toolbar">
              <StartReplayDialog
                id={result.id}
                approval={result.needsApproval ? 'needed' : 'none'}
                totalRecords={result.plan.totalRecords}
                sourceTopic={request.sourceTopic}
                targetTopic={request.targetTopic}
                onStarted={() => router.push(replayHref(result.id, clusterId))}
              />
              <span className="muted">
                Planned as replay <Link href={replayHref(result.id, clusterId)}>{result.id}</Link>; it waits there until started.
              </span>
            </div>
          )}
        </>
      )}
    </>
  );
}

/** The form's address, keeping the cluster a shared link names. */
function formQuery(form: ReplayForm, cluster: string | null): string {
  const params = replayFormToParams(form);
  if (cluster) params.set('cluster', cluster);
  return params.toString();
}

type SetField = <K extends keyof ReplayForm>(name: K, value: ReplayForm[K]) => void;

/** A topic name input offering the cluster's topics that match what is typed. */
function TopicInput({
  label,
  name,
  value,
  onChange,
  clusterId,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (text: string) => void;
  clusterId: string;
}) {
  const trpc = useTRPC();
  const search = useSettled(value.trim());
  const topics = useQuery({ ...trpc.topics.list.queryOptions({ clusterId, search, page: 1, pageSize: 20 }), retry: false });
  const listId = `${name}-topics`;
  return (
    <label>
      {label}
      <input
        className="mono"
        name={name}
        list={listId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="off"
      />
      <datalist id={listId}>
        {topics.data?.rows.map((topic) => (
          <option key={topic.name} value={topic.name} />
        ))}
      </datalist>
    </label>
  );
}

function SourceFields({ draft, set, clusterId }: { draft: ReplayForm; set: SetField; clusterId: string }) {
  return (
    <>
      <h2>Source</h2>
      <div className="form-grid">
        <TopicInput
          label="Source topic"
          name="topic"
          value={draft.topic}
          clusterId={clusterId}
          onChange={(text) => {
            set('topic', text);
            set('partitions', null);
            set('offsets', {});
          }}
        />
        <label>
          Range
          <select name="range" value={draft.range} onChange={(event) => set('range', event.target.value as ReplayForm['range'])}>
            <option value="offsets">Offsets per partition</option>
            <option value="time">A time range</option>
          </select>
        </label>
        {draft.range === 'time' && (
          <>
            <label>
              From (ISO-8601 UTC or epoch ms)
              <input
                name="from"
                className="mono"
                placeholder="2026-01-31T09:00:00"
                value={draft.from}
                onChange={(e) => set('from', e.target.value)}
              />
            </label>
            <label>
              To, inclusive (empty: the end)
              <input
                name="to"
                className="mono"
                placeholder="2026-01-31T10:00:00"
                value={draft.to}
                onChange={(e) => set('to', e.target.value)}
              />
            </label>
          </>
        )}
      </div>
    </>
  );
}

function TargetFields({ draft, set, clusterId }: { draft: ReplayForm; set: SetField; clusterId: string }) {
  return (
    <>
      <h2>Target</h2>
      <div className="form-grid">
        <TopicInput
          label="Target topic"
          name="target"
          value={draft.target}
          clusterId={clusterId}
          onChange={(text) => set('target', text)}
        />
        <label>
          Target partition
          <select
            name="partitioning"
            value={draft.partitioning}
            onChange={(event) => set('partitioning', event.target.value as ReplayForm['partitioning'])}
          >
            <option value="key">By key (murmur2)</option>
            <option value="same">Same partition number</option>
            <option value="roundRobin">Round robin</option>
          </select>
        </label>
        <label style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
          <input
            type="checkbox"
            name="keepTimestamps"
            checked={draft.keepTimestamps}
            onChange={(e) => set('keepTimestamps', e.target.checked)}
          />
          Keep the records&apos; timestamps
        </label>
        <label>
          Rate limit (empty: none)
          <input name="rate" inputMode="decimal" value={draft.rate} onChange={(e) => set('rate', e.target.value)} />
        </label>
        <label>
          Rate unit
          <select name="rateUnit" value={draft.rateUnit} onChange={(e) => set('rateUnit', e.target.value as ReplayForm['rateUnit'])}>
            <option value="records">records/s</option>
            <option value="MiB">MiB/s</option>
          </select>
        </label>
      </div>
    </>
  );
}
