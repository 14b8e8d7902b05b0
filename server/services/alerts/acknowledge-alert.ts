// Acknowledges an alert: who, when and a note, shown on the alert and in its history. It does not change
// the state or stop notifications (silence does that).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { alertEvents, alerts } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import { withoutControlCharacters } from '../control-characters.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError, NotFoundError } from '../service-error.ts';

export const AcknowledgeAlertInput = z.object({
  id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  note: withoutControlCharacters(z.string().trim().max(1_000)).default(''),
});
export type AcknowledgeAlertInput = z.infer<typeof AcknowledgeAlertInput>;

export async function acknowledgeAlert({ ctx, input }: VerbArgs<typeof AcknowledgeAlertInput>): Promise<void> {
  const { id, note } = AcknowledgeAlertInput.parse(input);
  const [alert] = await ctx.db.select().from(alerts).where(eq(alerts.id, id));
  if (!alert) throw new NotFoundError(`No alert #${id}.`);
  if (alert.state === 'resolved') throw new ConflictError(`Alert #${id} is already resolved.`);
  await recordChange(
    ctx,
    { action: 'alert.acknowledge', resourceType: 'alert', resourceName: String(id), parameters: { note } },
    async () => {
      const now = new Date();
      await ctx.db.transaction(async (tx) => {
        await tx
          .update(alerts)
          .set({ acknowledgedBy: ctx.actor.username, acknowledgedAt: now, acknowledgeNote: note || null })
          .where(eq(alerts.id, id));
        await tx.insert(alertEvents).values({ alertId: id, at: now, kind: 'acknowledged', actor: ctx.actor.username, note: note || null });
      });
      return { result: undefined };
    },
  );
}
