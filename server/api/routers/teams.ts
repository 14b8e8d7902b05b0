import { createTeam, CreateTeamInput } from '../../services/teams/create-team.ts';
import { deleteTeam, DeleteTeamInput } from '../../services/teams/delete-team.ts';
import { listTeams } from '../../services/teams/list-teams.ts';
import { updateTeam, UpdateTeamInput } from '../../services/teams/update-team.ts';
import { adminProcedure, createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const teamsRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listTeams({ ctx })),
  create: adminProcedure.input(CreateTeamInput).mutation(({ ctx, input }) => createTeam({ ctx, input })),
  /** Rename and/or replace the prefixes the team owns. */
  update: adminProcedure.input(UpdateTeamInput).mutation(({ ctx, input }) => updateTeam({ ctx, input })),
  delete: adminProcedure.input(DeleteTeamInput).mutation(({ ctx, input }) => deleteTeam({ ctx, input })),
});
