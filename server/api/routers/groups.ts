// Consumer groups: the list and one group's lag. Thin: each procedure names its least role and calls one verb.
import { getGroup, GetGroupInput } from '../../services/groups/get-group.ts';
import { listGroups, ListGroupsInput } from '../../services/groups/list-groups.ts';
import { createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const groupsRouter = createTRPCRouter({
  list: viewerProcedure.input(ListGroupsInput).query(({ ctx, input }) => listGroups({ ctx, input })),
  get: viewerProcedure.input(GetGroupInput).query(({ ctx, input }) => getGroup({ ctx, input })),
});
