// Turns one record of the built-in broker's admin-change topic into an audit entry. Pure: no I/O.
// The record format is the broker's (broker/topics/admin-change-log.ts), read here as untrusted JSON.
import { z } from 'zod';
import type { ExternalChange } from '../services/audit/append-external-changes.ts';

/** The built-in broker's internal topic of administrative changes made over the Kafka protocol. */
export const adminChangesTopic = '__samsa_admin_changes';

/** A bigger record is not a change the broker writes; it is reported, not parsed. */
const maxChangeValueBytes = 1024 * 1024;

export const BrokerChange = z.object({
  action: z.string().min(1).max(200),
  resource: z.string().max(2000),
  clientId: z.string().max(2000).nullable(),
  clientAddress: z.string().max(300),
  /** The SASL principal the change was made with; null without SASL (and in records of older brokers). */
  principal: z.string().max(2000).nullable().default(null),
  parameters: z.record(z.string(), z.unknown()),
  timeMs: z.number().int().nonnegative(),
});
export type BrokerChange = z.infer<typeof BrokerChange>;

export type ParsedBrokerChange = { ok: true; change: BrokerChange } | { ok: false; reason: string };

export function parseBrokerChange(value: Buffer | null): ParsedBrokerChange {
  if (value === null) return { ok: false, reason: 'the record has no value' };
  if (value.length > maxChangeValueBytes)
    return { ok: false, reason: `the value has ${value.length} bytes, more than ${maxChangeValueBytes}` };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `the value is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = BrokerChange.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      reason: `unexpected shape: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    };
  return { ok: true, change: parsed.data };
}

/**
 * The broker records the console's own changes too; recordChange already audited them with the signed-in
 * user, so they are skipped. They are told apart by the SASL principal the console logged in with, which
 * no other client can use without its password; never by the client id, which every client chooses freely.
 */
export function madeByConsole(change: BrokerChange, consolePrincipal: string | null): boolean {
  return consolePrincipal !== null && change.principal === consolePrincipal;
}

type AuditTarget = Pick<ExternalChange, 'action' | 'resourceType'>;

/** Broker action -> audit action. Actions the broker adds later fall back to broker.change (see below). */
const auditTargets: Record<string, AuditTarget> = {
  'topic.create': { action: 'topic.create', resourceType: 'topic' },
  'topic.delete': { action: 'topic.delete', resourceType: 'topic' },
  'topic.createPartitions': { action: 'topic.createPartitions', resourceType: 'topic' },
  'topic.alterConfigs': { action: 'topic.alterConfigs', resourceType: 'topic' },
  'topic.deleteRecords': { action: 'records.delete', resourceType: 'topic' },
  'broker.alterConfigs': { action: 'broker.alterConfigs', resourceType: 'broker' },
  'group.delete': { action: 'group.delete', resourceType: 'group' },
  // Offsets committed outside a group generation: admin tools resetting offsets, or standalone consumers.
  'group.commitOffsets': { action: 'group.commitOffsets', resourceType: 'group' },
  'group.deleteOffsets': { action: 'group.deleteOffsets', resourceType: 'group' },
  // GROUP resource configs (consumer.session.timeout.ms, ...) set by other tools.
  'group.alterConfigs': { action: 'group.alterConfigs', resourceType: 'group' },
};

export interface ChangePosition {
  clusterId: string;
  offset: bigint;
}

export function auditEntryForBrokerChange(change: BrokerChange, position: ChangePosition): ExternalChange {
  const known = Object.hasOwn(auditTargets, change.action) ? auditTargets[change.action] : undefined;
  // An action this console does not know yet is still recorded, never dropped, with the broker's name kept.
  const target: AuditTarget = known ?? { action: 'broker.change', resourceType: resourceTypeOfUnknown(change.action) };
  const parameters = known ? change.parameters : { brokerAction: change.action, ...change.parameters };
  return {
    ...target,
    clusterId: position.clusterId,
    resourceName: change.resource,
    // The principal is who the broker authenticated; the client id (the actor name) is only what the client says.
    parameters: change.principal === null ? parameters : { ...parameters, saslPrincipal: change.principal },
    clientId: change.clientId,
    clientAddress: change.clientAddress,
    occurredAt: new Date(change.timeMs),
    requestId: `${adminChangesTopic}@${position.offset}`,
  };
}

function resourceTypeOfUnknown(action: string): ExternalChange['resourceType'] {
  if (action.startsWith('topic.')) return 'topic';
  if (action.startsWith('group.')) return 'group';
  return 'broker';
}
