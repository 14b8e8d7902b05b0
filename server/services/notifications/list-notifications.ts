// The signed-in user's notifications, newest first, and how many are unread (the badge).
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { notifications } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';

export const ListNotificationsInput = z.object({ limit: z.number().int().min(1).max(100).default(20) });
export type ListNotificationsInput = z.infer<typeof ListNotificationsInput>;

export async function listNotifications({ ctx, input: unparsed }: VerbArgs<typeof ListNotificationsInput>) {
  const input = ListNotificationsInput.parse(unparsed);
  const mine = eq(notifications.userId, ctx.actor.userId);
  const [rows, [unread]] = await Promise.all([
    ctx.db.select().from(notifications).where(mine).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(input.limit),
    ctx.db
      .select({ value: count() })
      .from(notifications)
      .where(and(mine, isNull(notifications.readAt))),
  ]);
  return { rows, unreadCount: unread.value };
}
