// Marks the user's own notifications read (all, or the ones listed). Not audited: it changes nothing but the
// user's own badge, and touches no cluster, user or setting.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { notifications } from '../../db/schema/index.ts';
import type { VerbArgs } from '../service-context.ts';

export const MarkNotificationsReadInput = z.object({
  ids: z.array(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)).max(100).optional(),
});
export type MarkNotificationsReadInput = z.infer<typeof MarkNotificationsReadInput>;

export async function markNotificationsRead({ ctx, input: unparsed }: VerbArgs<typeof MarkNotificationsReadInput>): Promise<void> {
  const input = MarkNotificationsReadInput.parse(unparsed);
  const conditions = [eq(notifications.userId, ctx.actor.userId), isNull(notifications.readAt)];
  if (input.ids) conditions.push(inArray(notifications.id, input.ids));
  await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(...conditions));
}
