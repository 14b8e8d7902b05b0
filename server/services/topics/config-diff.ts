// The diff of a config change, shown before it is applied and kept in the audit record. Pure.
import type { DescribedTopicConfig, ConfigSourceName } from '../../kafka/topic-configs.ts';

export type ConfigChangeRequest = { name: string; operation: 'set'; value: string } | { name: string; operation: 'delete' };

export interface ConfigDiffEntry {
  key: string;
  oldValue: string | null;
  oldSource: ConfigSourceName | null;
  /** For a reset: the value the topic falls back to. */
  newValue: string | null;
  newSource: ConfigSourceName | null;
  operation: 'set' | 'delete';
}

export function diffConfigChanges(current: DescribedTopicConfig[], changes: ConfigChangeRequest[]): ConfigDiffEntry[] {
  const byName = new Map(current.map((config) => [config.name, config]));
  const diff: ConfigDiffEntry[] = [];
  for (const change of changes) {
    const existing = byName.get(change.name);
    const entry: ConfigDiffEntry =
      change.operation === 'set'
        ? {
            key: change.name,
            oldValue: existing?.value ?? null,
            oldSource: existing?.source ?? null,
            newValue: change.value.trim(),
            newSource: 'topic override',
            operation: 'set',
          }
        : {
            key: change.name,
            oldValue: existing?.value ?? null,
            oldSource: existing?.source ?? null,
            newValue: existing?.defaultValue ?? null,
            newSource: existing?.defaultSource ?? null,
            operation: 'delete',
          };
    // Setting what is already overridden to the same value, or resetting what is not overridden, changes nothing.
    const unchanged =
      change.operation === 'set'
        ? existing?.source === 'topic override' && existing.value === entry.newValue
        : existing?.source !== 'topic override';
    if (!unchanged) diff.push(entry);
  }
  return diff;
}

/** The broker records other tools' changes as the topic's overrides before and after; this turns them into a diff. */
export function diffOverrides(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { key: string; oldValue: string | null; newValue: string | null }[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const text = (value: unknown) => (value === undefined || value === null ? null : String(value));
  return keys
    .filter((key) => text(before[key]) !== text(after[key]))
    .map((key) => ({ key, oldValue: text(before[key]), newValue: text(after[key]) }));
}
