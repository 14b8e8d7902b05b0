// One replay with its plan, settings and progress, for /replays/<id> (polled while it runs).
import { z } from 'zod';
import type { ReplayStatus } from '../../../domain/replay.ts';
import type { VerbArgs } from '../service-context.ts';
import { loadReplay } from './replay-access.ts';
import type { ReplayPlan, ReplayProgress, ReplaySettings } from './replay-model.ts';

export const GetReplayInput = z.object({ id: z.string().min(1).max(100) });
export type GetReplayInput = z.infer<typeof GetReplayInput>;

export interface ReplayDetail {
  id: string;
  clusterId: string;
  sourceTopic: string;
  targetTopic: string;
  status: ReplayStatus;
  settings: ReplaySettings;
  plan: ReplayPlan;
  progress: ReplayProgress | null;
  requestedByName: string;
  /** Whether the caller asked for it (members control only their own). */
  requestedByCaller: boolean;
  approvedByName: string | null;
  approvedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  outcomeMessage: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Whether the job is copying in this console process now. */
  activeHere: boolean;
}

export async function getReplay({ ctx, input }: VerbArgs<typeof GetReplayInput>): Promise<ReplayDetail> {
  const { id } = GetReplayInput.parse(input);
  const row = await loadReplay(ctx, id);
  return {
    id: row.id,
    clusterId: row.clusterId,
    sourceTopic: row.sourceTopic,
    targetTopic: row.targetTopic,
    status: row.status,
    settings: row.settings as ReplaySettings,
    plan: row.plan as ReplayPlan,
    progress: row.progress as ReplayProgress | null,
    requestedByName: row.requestedByName,
    requestedByCaller: row.requestedByUserId === ctx.actor.userId,
    approvedByName: row.approvedByName,
    approvedAt: row.approvedAt,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    outcomeMessage: row.outcomeMessage,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    activeHere: ctx.replays.isActive(id),
  };
}
