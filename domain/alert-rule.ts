// Alert rules, defined once for the rule editor and the server: what a rule watches (cluster, group and topic
// by name or glob) and its condition. Globs: `*` any characters, `?` one character, everything else literal.
import { z } from 'zod';

export const MAX_ALERT_WINDOW_SECONDS = 24 * 3600;
export const MAX_ALERT_FOR_SECONDS = 24 * 3600;

export const NamePattern = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine(
    (value) => ![...value].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f),
    'Control characters are not allowed.',
  );

const forSeconds = z.number().int().min(0).max(MAX_ALERT_FOR_SECONDS);
const windowSeconds = z.number().int().min(30).max(MAX_ALERT_WINDOW_SECONDS);

export const AlertCondition = z.discriminatedUnion('kind', [
  /** The group's lag (records, summed over the matching topics) above a threshold for a duration. */
  z.object({ kind: z.literal('lag'), thresholdRecords: z.number().int().min(0).max(1e15), forSeconds }),
  /** The worst partition's time lag above a threshold for a duration. */
  z.object({
    kind: z.literal('timeLag'),
    thresholdSeconds: z
      .number()
      .int()
      .min(1)
      .max(365 * 86_400),
    forSeconds,
  }),
  /** The lag grew in every sample over the window (at least 3 samples covering three quarters of it). */
  z.object({ kind: z.literal('fallingBehind'), windowSeconds, forSeconds }),
  /**
   * Burrow's status over the commits in the window (server/services/alerts/burrow-status.ts): fires when
   * the group's status is at least `level`. Partitions whose current lag is at most minLag are OK.
   */
  z.object({
    kind: z.literal('burrow'),
    windowSeconds,
    minLag: z.number().int().min(0).max(1e15),
    level: z.enum(['warning', 'error']),
    forSeconds,
  }),
]);
export type AlertCondition = z.infer<typeof AlertCondition>;

export const alertConditionLabels: Record<AlertCondition['kind'], string> = {
  lag: 'Lag above N records',
  timeLag: 'Time lag above S seconds',
  fallingBehind: 'Falling behind (lag growing in every sample)',
  burrow: "Burrow's status (STOP / STALL / REWIND / WARNING)",
};

export const alertStates = ['pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof alertStates)[number];

/**
 * Glob match with `*` and `?`, in at most name x glob steps (the classic two-pointer walk that backs up only
 * to the last star), so no pattern can make it slow, unlike a regular expression with many `.*`.
 */
export function matchesGlob(glob: string, name: string): boolean {
  const pattern = [...glob];
  const text = [...name];
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || (pattern[p] !== '*' && pattern[p] === text[t]))) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** One line describing a condition, for lists and notifications. */
export function describeCondition(condition: AlertCondition): string {
  const held = condition.forSeconds > 0 ? ` for ${condition.forSeconds} s` : '';
  switch (condition.kind) {
    case 'lag':
      return `lag above ${condition.thresholdRecords.toLocaleString('en')} records${held}`;
    case 'timeLag':
      return `time lag above ${condition.thresholdSeconds} s${held}`;
    case 'fallingBehind':
      return `lag growing in every sample over ${condition.windowSeconds} s${held}`;
    case 'burrow':
      return `Burrow status ${condition.level === 'error' ? 'ERROR (STOP, STALL or REWIND)' : 'WARNING or worse'} over ${condition.windowSeconds} s${condition.minLag > 0 ? `, ignoring partitions lagging at most ${condition.minLag}` : ''}${held}`;
  }
}
