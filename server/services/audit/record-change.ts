// Audits one change: the record is written 'pending' BEFORE the change and completed with the outcome after.
// If the record cannot be written, the change is refused and not attempted.
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.ts';
import type { ServiceContext } from '../service-context.ts';
import { AuditUnavailableError } from '../service-error.ts';
import type { AuditAction } from './audit-action.ts';

export interface ChangeDescription {
  action: AuditAction;
  clusterId?: string | null;
  resourceType: 'cluster' | 'topic' | 'group' | 'user' | 'team' | 'request';
  resourceName: string;
  parameters?: unknown;
  before?: unknown;
}

export interface ChangeOutcome<T> {
  result: T;
  /** The state after the change, stored beside `before`. */
  after?: unknown;
}

type AuditContext = Pick<ServiceContext, 'db' | 'actor' | 'requestId' | 'clientAddress'>;

export async function recordChange<T>(context: AuditContext, change: ChangeDescription, perform: () => Promise<ChangeOutcome<T>>): Promise<T> {
  const recordId = await writePendingRecord(context, change);
  let outcome: ChangeOutcome<T>;
  try {
    outcome = await perform();
  } catch (error) {
    await completeRecord(context, recordId, { outcome: 'failed', error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  await completeRecord(context, recordId, { outcome: 'succeeded', after: outcome.after ?? null });
  return outcome.result;
}

async function writePendingRecord(context: AuditContext, change: ChangeDescription): Promise<number> {
  try {
    const [row] = await context.db
      .insert(auditLog)
      .values({
        actorUserId: context.actor.userId,
        actorName: context.actor.username,
        actorRole: context.actor.role,
        action: change.action,
        clusterId: change.clusterId ?? null,
        resourceType: change.resourceType,
        resourceName: change.resourceName,
        parameters: change.parameters ?? null,
        before: change.before ?? null,
        requestId: context.requestId,
        clientAddress: context.clientAddress,
      })
      .returning({ id: auditLog.id });
    return row.id;
  } catch (error) {
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new AuditUnavailableError(`Change refused: the audit log could not be written (${reason}). Nothing was changed.`, { cause: error });
  }
}

interface Completion {
  outcome: 'succeeded' | 'failed';
  after?: unknown;
  error?: string;
}

async function completeRecord(context: AuditContext, recordId: number, completion: Completion): Promise<void> {
  try {
    await context.db
      .update(auditLog)
      .set({ outcome: completion.outcome, after: completion.after ?? null, error: completion.error ?? null, completedAt: new Date() })
      .where(and(eq(auditLog.id, recordId), eq(auditLog.outcome, 'pending')));
  } catch (error) {
    // The change already happened and cannot be undone; the record stays 'pending', which the viewer shows
    // as "outcome unknown". Failing the request here would misreport a change that did take effect.
    console.error(`audit record ${recordId}: could not store the outcome: ${error instanceof Error ? error.message : String(error)}`);
  }
}
