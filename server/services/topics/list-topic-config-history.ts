// A topic's config changes from the audit log, newest first, each with its diff: those made through the
// console (with who and the outcome) and those other tools made over the Kafka protocol, as the built-in
// broker records them.
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../../db/schema/index.ts';
import { externalActorRole } from '../audit/append-external-changes.ts';
import type { VerbArgs } from '../service-context.ts';
import { diffOverrides } from './config-diff.ts';
import { TopicName } from '../../../domain/topic-name.ts';

export const ListTopicConfigHistoryInput = z.object({
  clusterId: z.string().min(1).max(100),
  name: TopicName,
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListTopicConfigHistoryInput = z.infer<typeof ListTopicConfigHistoryInput>;

export interface ConfigHistoryEntry {
  id: number;
  occurredAt: Date;
  actorName: string;
  /** 'external': another tool, named by its Kafka client id. */
  actorRole: string;
  outcome: string;
  error: string | null;
  diff: { key: string; oldValue: string | null; newValue: string | null; operation?: 'set' | 'delete' }[];
}

export async function listTopicConfigHistory({
  ctx,
  input: unparsed,
}: VerbArgs<typeof ListTopicConfigHistoryInput>): Promise<ConfigHistoryEntry[]> {
  const input = ListTopicConfigHistoryInput.parse(unparsed);
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'topic.alterConfigs'),
        eq(auditLog.resourceType, 'topic'),
        eq(auditLog.resourceName, input.name),
        eq(auditLog.clusterId, input.clusterId),
      ),
    )
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(input.limit);
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurredAt,
    actorName: row.actorName,
    actorRole: row.actorRole,
    outcome: row.outcome,
    error: row.error,
    diff: row.actorRole === externalActorRole ? externalDiff(row.parameters) : consoleDiff(row.parameters),
  }));
}

function consoleDiff(parameters: unknown): ConfigHistoryEntry['diff'] {
  const diff = (parameters as { diff?: unknown } | null)?.diff;
  if (!Array.isArray(diff)) return [];
  return diff.slice(0, 100).map((entry: Record<string, unknown>) => ({
    key: String(entry.key),
    oldValue: entry.oldValue == null ? null : String(entry.oldValue),
    newValue: entry.newValue == null ? null : String(entry.newValue),
    operation: entry.operation === 'delete' ? 'delete' : 'set',
  }));
}

function externalDiff(parameters: unknown): ConfigHistoryEntry['diff'] {
  const { before, after } = (parameters ?? {}) as { before?: unknown; after?: unknown };
  const asRecord = (value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return diffOverrides(asRecord(before), asRecord(after)).slice(0, 100);
}
