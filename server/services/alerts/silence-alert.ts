// Silences an alert until a time (at most 30 days ahead), or ends a silence (until: null). While silenced, its
// state changes are recorded but its webhooks are not notified.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { alertEvents, alerts } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import { withoutControlCharacters } from '../control-characters.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError, NotFoundError, ValidationError } from '../service-error.ts';

export const MAX_SILENCE_MS = 30 * 86_400_000;

export const SilenceAlertInput = z.object({
  id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  until: z.date().nullable(),
  note: withoutControlCharacters(z.string().trim().max(1_000)).default(''),
});
export type SilenceAlertInput = z.infer<typeof SilenceAlertInput>;

export async function silenceAlert({ ctx, input }: VerbArgs<typeof SilenceAlertInput>): Promise<void> {
  const { id, until, note } = SilenceAlertInput.parse(input);
  const now = new Date();
  if (until && until.getTime() <= now.getTime()) throw new ValidationError('Silence until a time in the future.');
  if (until && until.getTime() - now.getTime() > MAX_SILENCE_MS) throw new ValidationError('Silence for at most 30 days.');
  const [alert] = await ctx.db.select().from(alerts).where(eq(alerts.id, id));
  if (!alert) throw new NotFoundError(`No alert #${id}.`);
  if (alert.state === 'resolved') throw new ConflictError(`Alert #${id} is already resolved.`);
  const parameters = { until: until?.toISOString() ?? null, note };
  await recordChange(
    ctx,
    {
      action: 'alert.silence',
      resourceType: 'alert',
      resourceName: String(id),
      parameters,
      before: { silencedUntil: alert.silencedUntil },
    },
    async () => {
      await ctx.db.transaction(async (tx) => {
        await tx
          .update(alerts)
          .set({ silencedUntil: until, silencedBy: until ? ctx.actor.username : null })
          .where(eq(alerts.id, id));
        await tx.insert(alertEvents).values({
          alertId: id,
          at: now,
          kind: until ? 'silenced' : 'unsilenced',
          actor: ctx.actor.username,
          note: until ? `Until ${until.toISOString()}${note ? `: ${note}` : ''}` : note || null,
        });
      });
      return { result: undefined };
    },
  );
}
