import { z } from 'zod';
import { createTeam, NewTeamInput } from '../../services/teams/create-team.ts';
import { deleteTeam } from '../../services/teams/delete-team.ts';
import { listTeams } from '../../services/teams/list-teams.ts';
import { TeamUpdateInput, updateTeam } from '../../services/teams/update-team.ts';
import { adminProcedure, createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const teamsRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listTeams(ctx.db)),
  create: adminProcedure.input(NewTeamInput).mutation(({ ctx, input }) => createTeam(ctx, input)),
  /** Rename and/or replace the prefixes the team owns. */
  update: adminProcedure.input(TeamUpdateInput).mutation(({ ctx, input }) => updateTeam(ctx, input)),
  delete: adminProcedure.input(z.object({ teamId: z.string().min(1) })).mutation(({ ctx, input }) => deleteTeam(ctx, input.teamId)),
});
