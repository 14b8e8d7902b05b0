import { z } from 'zod';
import { createTeam, NewTeamInput } from '../../services/teams/create-team.ts';
import { deleteTeam } from '../../services/teams/delete-team.ts';
import { listTeams } from '../../services/teams/list-teams.ts';
import { adminProcedure, createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const teamsRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listTeams(ctx.db)),
  create: adminProcedure.input(NewTeamInput).mutation(({ ctx, input }) => createTeam(ctx, input)),
  delete: adminProcedure.input(z.object({ teamId: z.string().min(1) })).mutation(({ ctx, input }) => deleteTeam(ctx, input.teamId)),
});
