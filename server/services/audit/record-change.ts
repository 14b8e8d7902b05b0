// Audits one change: the record is written 'pending' BEFORE the change and completed with the outcome after.
// If the record cannot be written, the change is refused and not attempted.
import { sql } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.ts';
import type { ServiceContext } from '../service-context.ts';
import { AuditUnavailableError } from '../service-error.ts';
import type { AuditAction } from '../../../domain/audit-actions.ts';
import { boundedAuditText, boundedAuditValue } from './bounded-audit-value.ts';

export interface ChangeDescription {
  action: AuditAction;
  clusterId?: string | null;
  resourceType: 'cluster' | 'topic' | 'group' | 'user' | 'team' | 'request' | 'policy' | 'webhook' | 'alertRule' | 'alert' | 'replay';
  resourceName: string;
  parameters?: unknown;
  before?: unknown;
}

export interface ChangeOutcome<T> {
  result: T;
  /** The state after the change, stored beside `before`. */
  after?: unknown;
}

/** Who acts: a signed-in user, or (sign-in attempts) an account name that may not exist, with no user id. */
export interface AuditActor {
  userId: string | null;
  username: string;
  role: string;
}

type AuditContext = Pick<ServiceContext, 'db' | 'requestId' | 'clientAddress'> & { actor: AuditActor };

export async function recordChange<T>(
  context: AuditContext,
  change: ChangeDescription,
  perform: () => Promise<ChangeOutcome<T>>,
): Promise<T> {
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
        actorName: boundedAuditText(context.actor.username),
        actorRole: context.actor.role,
        action: change.action,
        clusterId: change.clusterId ?? null,
        resourceType: change.resourceType,
        resourceName: boundedAuditText(change.resourceName),
        parameters: boundedAuditValue(change.parameters),
        before: boundedAuditValue(change.before),
        requestId: context.requestId,
        clientAddress: context.clientAddress,
      })
      .returning({ id: auditLog.id });
    return row.id;
  } catch (error) {
    // The database's message may hold SQL and parameters: it goes to the server log under the request id,
    // the caller gets the id only.
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    console.error(`audit record (request ${context.requestId}): could not be written: ${reason}`);
    throw new AuditUnavailableError(
      `Change refused: the audit log could not be written (request id ${context.requestId}; details in the server log). Nothing was changed.`,
      { cause: error },
    );
  }
}

interface Completion {
  outcome: 'succeeded' | 'failed';
  after?: unknown;
  error?: string;
}

async function completeRecord(context: AuditContext, recordId: number, completion: Completion): Promise<void> {
  try {
    // Through the SECURITY DEFINER function (drizzle/0003_*), so the console's role needs no UPDATE on audit_log.
    const after = boundedAuditValue(completion.after);
    const afterJson = after === null ? null : JSON.stringify(after);
    const error = completion.error === undefined ? null : boundedAuditText(completion.error);
    await context.db.execute(sql`select complete_audit_record(${recordId}, ${completion.outcome}, ${afterJson}::jsonb, ${error})`);
  } catch (error) {
    // The change already happened and cannot be undone; the record stays 'pending', which the viewer shows
    // as "outcome unknown". Failing the request here would misreport a change that did take effect.
    console.error(
      `audit record ${recordId} (request ${context.requestId}): could not store the outcome: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
