'use client';
// The request's other configs: add one from the catalog, edit it the way its kind needs, remove it.
import type { ConfigCatalogEntry } from '@/server/services/topics/topic-config-catalog.ts';
import { useState } from 'react';
import { ConfigValueInput } from '../../../components/config-value-input.tsx';

interface Props {
  entries: ConfigCatalogEntry[];
  configs: Record<string, string>;
  onChange: (configs: Record<string, string>) => void;
  problemsFor: (key: string) => { message: string }[];
}

export function OtherConfigs({ entries, configs, onChange, problemsFor }: Props) {
  const [addKey, setAddKey] = useState('');
  return (
    <>
      <h2>Other configs</h2>
      <table aria-label="Other configs">
        <tbody>
          {Object.entries(configs).map(([key, value]) => {
            const entry = entries.find((candidate) => candidate.name === key);
            return (
              <tr key={key}>
                <td className="mono" style={{ width: '40%' }}>
                  {key}
                  {entry && <div className="hint">{entry.explanation}</div>}
                </td>
                <td>
                  <ConfigValueInput
                    name={key}
                    edit={entry?.edit ?? { kind: 'text' }}
                    value={value}
                    onChange={(next) => onChange({ ...configs, [key]: next })}
                  />
                  {problemsFor(key).map((problem) => (
                    <div key={problem.message} className="field-error">
                      {problem.message}
                    </div>
                  ))}
                </td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Remove ${key}`}
                    onClick={() => onChange(Object.fromEntries(Object.entries(configs).filter(([other]) => other !== key)))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
          <tr>
            <td colSpan={3}>
              {Object.keys(configs).length === 0 && <span className="muted">None: the cluster’s defaults apply. </span>}
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
                  const edit = entries.find((candidate) => candidate.name === addKey)?.edit;
                  onChange({ ...configs, [addKey]: initialValueFor(edit) });
                  setAddKey('');
                }}
              >
                Add
              </button>
            </td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

function initialValueFor(edit: ConfigCatalogEntry['edit'] | undefined): string {
  if (!edit) return '';
  if (edit.kind === 'boolean') return 'false';
  if (edit.kind === 'enum') return edit.options[0] ?? '';
  if (edit.kind === 'number') return String(edit.min);
  return '';
}
