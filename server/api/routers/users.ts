import { changeOwnPassword, ChangeOwnPasswordInput } from '../../services/users/change-own-password.ts';
import { createUser, CreateUserInput } from '../../services/users/create-user.ts';
import { deleteUser, DeleteUserInput } from '../../services/users/delete-user.ts';
import { listUsers } from '../../services/users/list-users.ts';
import { resetPassword, ResetPasswordInput } from '../../services/users/reset-password.ts';
import { updateUser, UpdateUserInput } from '../../services/users/update-user.ts';
import { adminProcedure, createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const usersRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listUsers({ ctx })),
  create: adminProcedure.input(CreateUserInput).mutation(({ ctx, input }) => createUser({ ctx, input })),
  update: adminProcedure.input(UpdateUserInput).mutation(({ ctx, input }) => updateUser({ ctx, input })),
  /** Sets another user's password and ends all their sessions. */
  resetPassword: adminProcedure.input(ResetPasswordInput).mutation(({ ctx, input }) => resetPassword({ ctx, input })),
  /** Every signed-in user, for their own account; ends all their sessions, this one included. Rate-limited per user (TOO_MANY_REQUESTS). */
  changeOwnPassword: viewerProcedure.input(ChangeOwnPasswordInput).mutation(({ ctx, input }) => changeOwnPassword({ ctx, input })),
  delete: adminProcedure.input(DeleteUserInput).mutation(({ ctx, input }) => deleteUser({ ctx, input })),
});
