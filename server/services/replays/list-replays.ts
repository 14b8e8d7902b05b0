// Replays, newest first, paged; optionally of one status or touching one topic (as source or target).
import { and, count, desc, eq, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { ReplayStatus } from '../../../domain/replay.ts';
import { TopicName } from '../../../domain/topic-name.ts';
import { replays } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';
import type { ReplayPlan, ReplayProgress } from './replay-model.ts';

export const REPLAYS_PAGE_SIZE = 50;

export const ListReplaysInput = z.object({
  clusterId: z.string().min(1).max(100).optional(),
  status: ReplayStatus.optional(),
  topic: TopicName.optional(),
  page: z.number().int().min(1).max(100_000).default(1),
});
export type ListReplaysInput = z.infer<typeof ListReplaysInput>;

export interface ReplaySummary {
  id: string;
  clusterId: string;
  sourceTopic: string;
  targetTopic: string;
  status: ReplayStatus;
  requestedByName: string;
  approvedByName: string | null;
  totalRecords: number;
  recordsRead: number;
  recordsWritten: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export async function listReplays({
  ctx,
  input,
}: VerbArgs<typeof ListReplaysInput>): Promise<{ rows: ReplaySummary[]; total: number; pageSize: number }> {
  const { clusterId, status, topic, page } = ListReplaysInput.parse(input);
  const conditions: SQL[] = [];
  if (clusterId) conditions.push(eq(replays.clusterId, clusterId));
  if (status) conditions.push(eq(replays.status, status));
  if (topic) conditions.push(or(eq(replays.sourceTopic, topic), eq(replays.targetTopic, topic))!);
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = await ctx.db
    .select()
    .from(replays)
    .where(where)
    .orderBy(desc(replays.createdAt), desc(replays.id))
    .limit(REPLAYS_PAGE_SIZE)
    .offset((page - 1) * REPLAYS_PAGE_SIZE);
  const [{ total }] = await ctx.db.select({ total: count() }).from(replays).where(where);
  return {
    rows: rows.map((row) => {
      const progress = row.progress as ReplayProgress | null;
      return {
        id: row.id,
        clusterId: row.clusterId,
        sourceTopic: row.sourceTopic,
        targetTopic: row.targetTopic,
        status: row.status,
        requestedByName: row.requestedByName,
        approvedByName: row.approvedByName,
        totalRecords: (row.plan as ReplayPlan).totalRecords,
        recordsRead: progress?.recordsRead ?? 0,
        recordsWritten: progress?.recordsWritten ?? 0,
        lastError: row.lastError,
        createdAt: row.createdAt,
        finishedAt: row.finishedAt,
      };
    }),
    total,
    pageSize: REPLAYS_PAGE_SIZE,
  };
}
