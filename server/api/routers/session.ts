import { createTRPCRouter, publicProcedure } from '../trpc.ts';

export const sessionRouter = createTRPCRouter({
  /** The signed-in user, or null: the client uses it to decide between the console and the login page. */
  me: publicProcedure.query(({ ctx }) => ctx.actor),
});
