import { z } from 'zod';
import { addUser, NewUserInput } from '../../services/users/add-user.ts';
import { changeOwnPassword, OwnPasswordChangeInput } from '../../services/users/change-own-password.ts';
import { deleteUser } from '../../services/users/delete-user.ts';
import { listUsers } from '../../services/users/list-users.ts';
import { PasswordResetInput, resetPassword } from '../../services/users/reset-password.ts';
import { updateUser, UserUpdateInput } from '../../services/users/update-user.ts';
import { adminProcedure, createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const usersRouter = createTRPCRouter({
  list: adminProcedure.query(async ({ ctx }) => (await listUsers(ctx.db)).map((user) => ({ ...user, createdAt: user.createdAt.toISOString() }))),
  create: adminProcedure.input(NewUserInput).mutation(({ ctx, input }) => addUser(ctx, input)),
  update: adminProcedure.input(UserUpdateInput).mutation(({ ctx, input }) => updateUser(ctx, input)),
  /** Sets another user's password and ends all their sessions. */
  resetPassword: adminProcedure.input(PasswordResetInput).mutation(({ ctx, input }) => resetPassword(ctx, input)),
  /** Every signed-in user, for their own account; ends all their sessions, this one included. */
  /** Rate-limited per user (TOO_MANY_REQUESTS). */
  changeOwnPassword: viewerProcedure.input(OwnPasswordChangeInput).mutation(({ ctx, input }) => changeOwnPassword(ctx, input)),
  delete: adminProcedure.input(z.object({ userId: z.string().min(1) })).mutation(({ ctx, input }) => deleteUser(ctx, input.userId)),
});
