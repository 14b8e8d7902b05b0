// Topic-name prefixes a team owns. A prefix uses Kafka's legal topic characters (domain/topic-name.ts), so
// every prefix can begin a real topic name. Ownership must be unambiguous: no topic name may start
// with prefixes of two different teams, so two teams' prefixes may not be equal or one start the other
// ("pay" and "payments." overlap: "payments.eu" starts with both). Within one team overlaps are harmless.
import { z } from 'zod';
import { maxTopicNameLength, topicNameCharacters } from '../../../domain/topic-name.ts';

/** A bound on what one team owns, so lists and audit records stay small. */
export const maxPrefixesPerTeam = 50;

export const TopicPrefix = z
  .string()
  .trim()
  .min(1, 'A prefix has at least one character.')
  // A longer prefix could never match a topic name.
  .max(maxTopicNameLength, `A prefix has at most ${maxTopicNameLength} characters.`)
  .regex(topicNameCharacters, 'Prefixes use topic-name characters only: letters, digits, ".", "_" and "-".');
export type TopicPrefix = z.infer<typeof TopicPrefix>;

export const TopicPrefixList = z.array(TopicPrefix).max(maxPrefixesPerTeam);

export interface OwnedPrefix {
  prefix: string;
  teamName: string;
}

export interface PrefixOverlap {
  prefix: string;
  owned: OwnedPrefix;
}

/** Duplicates dropped, sorted: the stored and audited form. */
export function normalizePrefixes(prefixes: readonly string[]): string[] {
  return [...new Set(prefixes)].sort();
}

/** The wanted prefixes that overlap a prefix another team owns (equal, or one starts the other). */
export function findPrefixOverlaps(wanted: readonly string[], ownedByOthers: readonly OwnedPrefix[]): PrefixOverlap[] {
  const overlaps: PrefixOverlap[] = [];
  for (const prefix of wanted) {
    for (const owned of ownedByOthers) {
      if (prefix.startsWith(owned.prefix) || owned.prefix.startsWith(prefix)) overlaps.push({ prefix, owned });
    }
  }
  return overlaps;
}

export function describeOverlaps(overlaps: readonly PrefixOverlap[]): string {
  const shown = overlaps
    .slice(0, 5)
    .map(({ prefix, owned }) =>
      prefix === owned.prefix
        ? `"${prefix}" is owned by team ${owned.teamName}`
        : `"${prefix}" overlaps "${owned.prefix}" of team ${owned.teamName}`,
    );
  const more = overlaps.length > shown.length ? ` and ${overlaps.length - shown.length} more` : '';
  return `Prefix already owned by another team: ${shown.join('; ')}${more}. A topic name must never match two teams.`;
}
