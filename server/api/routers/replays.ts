// Replay jobs: plan, start (members into their own topics, operators any), approve (operators, never the
// requester), pause, resume, cancel, the list and one replay. Thin: each procedure names its least role and calls one verb.
import { approveReplay, ApproveReplayInput } from '../../services/replays/approve-replay.ts';
import { cancelReplay, CancelReplayInput } from '../../services/replays/cancel-replay.ts';
import { getReplay, GetReplayInput } from '../../services/replays/get-replay.ts';
import { listReplays, ListReplaysInput } from '../../services/replays/list-replays.ts';
import { pauseReplay, PauseReplayInput } from '../../services/replays/pause-replay.ts';
import { planReplay, PlanReplayInput } from '../../services/replays/plan-replay.ts';
import { resumeReplay, ResumeReplayInput } from '../../services/replays/resume-replay.ts';
import { startReplay, StartReplayInput } from '../../services/replays/start-replay.ts';
import { createTRPCRouter, memberProcedure, operatorProcedure, viewerProcedure } from '../trpc.ts';

export const replaysRouter = createTRPCRouter({
  list: viewerProcedure.input(ListReplaysInput).query(({ ctx, input }) => listReplays({ ctx, input })),
  get: viewerProcedure.input(GetReplayInput).query(({ ctx, input }) => getReplay({ ctx, input })),
  plan: memberProcedure.input(PlanReplayInput).mutation(({ ctx, input }) => planReplay({ ctx, input })),
  start: memberProcedure.input(StartReplayInput).mutation(({ ctx, input }) => startReplay({ ctx, input })),
  approve: operatorProcedure.input(ApproveReplayInput).mutation(({ ctx, input }) => approveReplay({ ctx, input })),
  pause: memberProcedure.input(PauseReplayInput).mutation(({ ctx, input }) => pauseReplay({ ctx, input })),
  resume: memberProcedure.input(ResumeReplayInput).mutation(({ ctx, input }) => resumeReplay({ ctx, input })),
  cancel: memberProcedure.input(CancelReplayInput).mutation(({ ctx, input }) => cancelReplay({ ctx, input })),
});
