// Lag history for the charts (group page, topic page, overview). Read-only: viewers and up.
import { GetGroupLagHistoryInput, getGroupLagHistory } from '../../services/lag-history/get-group-lag-history.ts';
import { GetTopicLagHistoryInput, getTopicLagHistory } from '../../services/lag-history/get-topic-lag-history.ts';
import { ListWorstGroupsInput, listWorstGroups } from '../../services/lag-history/list-worst-groups.ts';
import { createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const lagHistoryRouter = createTRPCRouter({
  getGroup: viewerProcedure.input(GetGroupLagHistoryInput).query(({ ctx, input }) => getGroupLagHistory({ ctx, input })),
  getTopic: viewerProcedure.input(GetTopicLagHistoryInput).query(({ ctx, input }) => getTopicLagHistory({ ctx, input })),
  listWorstGroups: viewerProcedure.input(ListWorstGroupsInput).query(({ ctx, input }) => listWorstGroups({ ctx, input })),
});
