// The audit records a replay job writes itself (finish, interrupt, recover), through recordChange like every
// change: written before the row changes, completed after. The actor is the job (role "system"); the request id
// names the replay, so the audit viewer finds every record of one replay by it.
import type { AuditAction } from '../../domain/audit-actions.ts';
import type { Database } from '../db/database.ts';
import { recordChange } from '../services/audit/record-change.ts';

export const REPLAY_JOB_ACTOR = { userId: null, username: 'replay-job', role: 'system' } as const;

export interface ReplayEvent {
  action: AuditAction;
  /** Counts or positions stored as the record's `after`. */
  after?: unknown;
  /** Given: the record's outcome is failed with this message (the row change is still made). */
  error?: string;
}

class RecordedFailure extends Error {}

export async function auditReplayEvent(
  db: Database,
  replay: { id: string; clusterId: string; sourceTopic: string; targetTopic: string },
  event: ReplayEvent,
  /** Makes the row change; false when the row had moved on (a pause or cancel won the race): recorded as failed. */
  change: () => Promise<boolean>,
): Promise<void> {
  const context = { db, requestId: `replay-${replay.id}`, clientAddress: 'console', actor: REPLAY_JOB_ACTOR };
  try {
    await recordChange(
      context,
      {
        action: event.action,
        clusterId: replay.clusterId,
        resourceType: 'replay',
        resourceName: replay.id,
        parameters: { sourceTopic: replay.sourceTopic, targetTopic: replay.targetTopic, ...(event.error ? { counts: event.after } : {}) },
      },
      async () => {
        if (!(await change()))
          throw new RecordedFailure('The replay had been paused or cancelled meanwhile; its status was left as it was.');
        if (event.error !== undefined) throw new RecordedFailure(event.error);
        return { result: undefined, after: event.after };
      },
    );
  } catch (error) {
    if (!(error instanceof RecordedFailure)) throw error;
  }
}
