import { z } from 'zod';
import { addUser, NewUserInput } from '../../services/users/add-user.ts';
import { deleteUser } from '../../services/users/delete-user.ts';
import { listUsers } from '../../services/users/list-users.ts';
import { updateUser, UserUpdateInput } from '../../services/users/update-user.ts';
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

export const usersRouter = createTRPCRouter({
  list: adminProcedure.query(async ({ ctx }) => (await listUsers(ctx.db)).map((user) => ({ ...user, createdAt: user.createdAt.toISOString() }))),
  create: adminProcedure.input(NewUserInput).mutation(({ ctx, input }) => addUser(ctx, input)),
  update: adminProcedure.input(UserUpdateInput).mutation(({ ctx, input }) => updateUser(ctx, input)),
  delete: adminProcedure.input(z.object({ userId: z.string().min(1) })).mutation(({ ctx, input }) => deleteUser(ctx, input.userId)),
});
