// Appends changes that other tools already made (seen by the built-in broker), as completed audit records.
// Unlike recordChange there is no 'pending' step: the change happened before Samsa heard of it, so the row
// is written once, already 'succeeded'. The caller passes its transaction so the rows commit together with
// the position they were read up to (exactly once, see server/jobs/broker-change-recorder.ts).
import type { Database } from '../../db/database.ts';
import { auditLog } from '../../db/schema/index.ts';
import type { AuditAction } from '../../../domain/audit-actions.ts';
import type { ChangeDescription } from './record-change.ts';

/** actor_role of changes made outside Samsa: no Samsa user, the Kafka client id stands in as the actor. */
export const externalActorRole = 'external';
/** actor_name when the client sent no client id (it is nullable in the Kafka request header). */
export const unnamedClientActor = '(no client id)';

export interface ExternalChange {
  action: AuditAction;
  clusterId: string;
  resourceType: ChangeDescription['resourceType'] | 'broker';
  resourceName: string;
  parameters: unknown;
  /** The Kafka client id from the request header. */
  clientId: string | null;
  /** host:port of the client's connection as the broker saw it. */
  clientAddress: string;
  occurredAt: Date;
  /** Where the change was read from, `<topic>@<offset>`: unique per change, so it can be traced back. */
  requestId: string;
}

/** The insert-capable part of a database or a transaction. */
export type AuditWriter = Pick<Database, 'insert'>;

export async function appendExternalChanges(writer: AuditWriter, changes: ExternalChange[]): Promise<void> {
  if (changes.length === 0) return;
  const completedAt = new Date();
  await writer.insert(auditLog).values(
    changes.map((change) => ({
      occurredAt: change.occurredAt,
      actorUserId: null,
      actorName: change.clientId ?? unnamedClientActor,
      actorRole: externalActorRole,
      action: change.action,
      clusterId: change.clusterId,
      resourceType: change.resourceType,
      resourceName: change.resourceName,
      parameters: change.parameters ?? null,
      outcome: 'succeeded' as const,
      completedAt,
      requestId: change.requestId,
      clientAddress: change.clientAddress,
    })),
  );
}
