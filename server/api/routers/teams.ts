import { createTeam, NewTeamInput } from '../../services/teams/create-team.ts';
import { listTeams } from '../../services/teams/list-teams.ts';
import { adminProcedure, createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const teamsRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listTeams(ctx.db)),
  create: adminProcedure.input(NewTeamInput).mutation(({ ctx, input }) => createTeam(ctx, input)),
});
