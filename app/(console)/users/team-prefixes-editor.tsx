'use client';
// One team's topic-name prefixes: remove one with its ×, add one with the field. Each edit sends the whole new
// list (teams.update); the server refuses characters topic names cannot have and prefixes overlapping
// another team's, and the reason is shown here.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { useTRPC } from '../../trpc-provider.tsx';
import { maxTopicNameLength } from '@/domain/topic-name.ts';

/** A list (named by its aria-label, which a plain div cannot carry), laid out as a row of badges. */
const prefixListStyle = { display: 'flex', flexWrap: 'wrap', gap: 6, listStyle: 'none', margin: 0, padding: 0 } as const;
const removeButtonStyle = {
  background: 'none',
  border: 'none',
  color: 'inherit',
  padding: '0 0 0 6px',
  cursor: 'pointer',
  fontSize: 14,
  lineHeight: 1,
};

export function TeamPrefixesEditor({ team }: { team: { id: string; name: string; prefixes: string[] } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState('');
  const update = useMutation(trpc.teams.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));
  const save = (prefixes: string[], onSaved?: () => void) => update.mutate({ teamId: team.id, prefixes }, { onSuccess: onSaved });
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const prefix = draft.trim();
    if (prefix) save([...team.prefixes, prefix], () => setDraft(''));
  };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
      <ul style={prefixListStyle} aria-label={`Prefixes of ${team.name}`}>
        {team.prefixes.length === 0 && <li className="muted">none</li>}
        {team.prefixes.map((prefix) => (
          <li key={prefix} className="badge mono">
            {prefix}
            <button
              type="button"
              style={removeButtonStyle}
              aria-label={`Remove prefix ${prefix} from ${team.name}`}
              disabled={update.isPending}
              onClick={() => save(team.prefixes.filter((kept) => kept !== prefix))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} style={{ display: 'flex', gap: 6 }} aria-label={`Add prefix to ${team.name}`}>
        <input
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="new prefix, e.g. orders."
          aria-label={`New prefix for ${team.name}`}
          pattern="[a-zA-Z0-9._\-]+"
          title='Topic-name characters: letters, digits, ".", "_" and "-"'
          maxLength={maxTopicNameLength}
          className="mono"
          style={{ flex: 1, minWidth: 0 }}
        />
        <button type="submit" className="secondary" disabled={update.isPending || draft.trim() === ''}>
          Add prefix
        </button>
      </form>
      <ErrorBox error={update.error} />
    </div>
  );
}
