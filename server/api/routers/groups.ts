// Consumer groups: the list, one group's lag, offset resets (preview, apply, undo). Thin: each procedure names its least role and calls one verb.
import { getGroup, GetGroupInput } from '../../services/groups/get-group.ts';
import { listGroups, ListGroupsInput } from '../../services/groups/list-groups.ts';
import { previewResetOffsets, PreviewResetOffsetsInput } from '../../services/groups/preview-reset-offsets.ts';
import { previewUndoResetOffsets, PreviewUndoResetOffsetsInput } from '../../services/groups/preview-undo-reset-offsets.ts';
import { resetOffsets, ResetOffsetsInput } from '../../services/groups/reset-offsets.ts';
import { undoResetOffsets, UndoResetOffsetsInput } from '../../services/groups/undo-reset-offsets.ts';
import { createTRPCRouter, memberProcedure, viewerProcedure } from '../trpc.ts';

export const groupsRouter = createTRPCRouter({
  list: viewerProcedure.input(ListGroupsInput).query(({ ctx, input }) => listGroups({ ctx, input })),
  get: viewerProcedure.input(GetGroupInput).query(({ ctx, input }) => getGroup({ ctx, input })),
  previewResetOffsets: viewerProcedure.input(PreviewResetOffsetsInput).query(({ ctx, input }) => previewResetOffsets({ ctx, input })),
  resetOffsets: memberProcedure.input(ResetOffsetsInput).mutation(({ ctx, input }) => resetOffsets({ ctx, input })),
  previewUndoResetOffsets: viewerProcedure
    .input(PreviewUndoResetOffsetsInput)
    .query(({ ctx, input }) => previewUndoResetOffsets({ ctx, input })),
  undoResetOffsets: memberProcedure.input(UndoResetOffsetsInput).mutation(({ ctx, input }) => undoResetOffsets({ ctx, input })),
});
