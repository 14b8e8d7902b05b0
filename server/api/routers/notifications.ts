// The signed-in user's own notifications (the badge and its list).
import { listNotifications, ListNotificationsInput } from '../../services/notifications/list-notifications.ts';
import { markNotificationsRead, MarkNotificationsReadInput } from '../../services/notifications/mark-notifications-read.ts';
import { createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const notificationsRouter = createTRPCRouter({
  list: viewerProcedure.input(ListNotificationsInput).query(({ ctx, input }) => listNotifications({ ctx, input })),
  markRead: viewerProcedure.input(MarkNotificationsReadInput).mutation(({ ctx, input }) => markNotificationsRead({ ctx, input })),
});
