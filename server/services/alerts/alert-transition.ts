// The alert state machine, pure: pending -> firing -> resolved. A breach starts a pending alert (or fires at
// once when the rule's duration is 0); it fires once breached for the whole duration (from pendingSince,
// stored, so a restart keeps counting); a pending alert whose breach ends is resolved without ever having
// fired (and notifies nobody); a firing alert whose breach ends is resolved and notifies.
import type { AlertState } from '../../../domain/alert-rule.ts';

export interface OpenAlert {
  state: Exclude<AlertState, 'resolved'>;
  pendingSinceMs: number;
}

export interface Transition {
  to: AlertState;
  /** Firing, and resolved after firing, notify the rule's webhooks. */
  notify: boolean;
}

export function nextTransition(open: OpenAlert | null, breached: boolean, forSeconds: number, nowMs: number): Transition | null {
  if (!open) {
    if (!breached) return null;
    return forSeconds === 0 ? { to: 'firing', notify: true } : { to: 'pending', notify: false };
  }
  if (open.state === 'pending') {
    if (!breached) return { to: 'resolved', notify: false };
    return nowMs - open.pendingSinceMs >= forSeconds * 1000 ? { to: 'firing', notify: true } : null;
  }
  return breached ? null : { to: 'resolved', notify: true };
}
