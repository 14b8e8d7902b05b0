'use client';
// Acknowledge (a note saying who is on it) and silence until a time (at most 30 days: the server's bound) on
// an open alert. Both are audited by the server, which also checks the role.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../../components/error-box.tsx';
import { useTRPC } from '../../../trpc-provider.tsx';

const MAX_SILENCE_MS = 30 * 86_400_000;
const HOUR_MS = 3_600_000;
const silencePresets = [
  { label: '1 h', ms: HOUR_MS },
  { label: '4 h', ms: 4 * HOUR_MS },
  { label: '1 d', ms: 24 * HOUR_MS },
  { label: '7 d', ms: 7 * 24 * HOUR_MS },
];

/** A date as a datetime-local input's value (local time, to the minute). */
function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function useInvalidateAlerts() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
}

export function AcknowledgeForm({ alertId, acknowledged }: { alertId: number; acknowledged: boolean }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAlerts();
  const [note, setNote] = useState('');
  const acknowledge = useMutation(
    trpc.alerts.acknowledge.mutationOptions({
      onSuccess: async () => {
        setNote('');
        await invalidate();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    acknowledge.mutate({ id: alertId, note });
  };
  return (
    <form onSubmit={submit} aria-label="Acknowledge" className="stack">
      <label>
        Acknowledge with a note
        <textarea
          value={note}
          onChange={(event) => setNote(event.target.value)}
          maxLength={1_000}
          rows={2}
          placeholder="Looking into it: the billing consumer was redeployed"
        />
      </label>
      <div>
        <button type="submit" disabled={acknowledge.isPending}>
          {acknowledge.isPending ? 'Acknowledging…' : acknowledged ? 'Acknowledge again' : 'Acknowledge'}
        </button>
      </div>
      <ErrorBox error={acknowledge.error} />
    </form>
  );
}

export function SilenceForm({ alertId, silenced }: { alertId: number; silenced: boolean }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAlerts();
  const [until, setUntil] = useState(() => toLocalInput(new Date(Date.now() + HOUR_MS)));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const silence = useMutation(
    trpc.alerts.silence.mutationOptions({
      onSuccess: async () => {
        setNote('');
        await invalidate();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const untilDate = new Date(until);
    const aheadMs = untilDate.getTime() - Date.now();
    const why = Number.isNaN(aheadMs)
      ? 'Choose a date and time.'
      : aheadMs <= 0
        ? 'Choose a time in the future.'
        : aheadMs > MAX_SILENCE_MS
          ? 'Silence for at most 30 days.'
          : null;
    setProblem(why);
    if (!why) silence.mutate({ id: alertId, until: untilDate, note });
  };
  return (
    <form onSubmit={submit} aria-label="Silence" className="stack">
      <label>
        Silence until (your local time)
        <input
          type="datetime-local"
          value={until}
          min={toLocalInput(new Date())}
          max={toLocalInput(new Date(Date.now() + MAX_SILENCE_MS))}
          onChange={(event) => setUntil(event.target.value)}
          required
        />
      </label>
      <div className="toolbar">
        {silencePresets.map((preset) => (
          <button
            key={preset.label}
            type="button"
            className="secondary"
            onClick={() => setUntil(toLocalInput(new Date(Date.now() + preset.ms)))}
            title={`Silence for ${preset.label} from now`}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <label>
        Note
        <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={1_000} placeholder="Maintenance window" />
      </label>
      <div className="toolbar">
        <button type="submit" disabled={silence.isPending}>
          {silenced ? 'Change silence' : 'Silence'}
        </button>
        {silenced && (
          <button
            type="button"
            className="secondary"
            disabled={silence.isPending}
            onClick={() => silence.mutate({ id: alertId, until: null, note })}
          >
            End silence
          </button>
        )}
      </div>
      {problem && <div className="field-error">{problem}</div>}
      <ErrorBox error={silence.error} />
    </form>
  );
}
