// How many alerts are firing (the navigation badge), and how many of those are neither acknowledged nor silenced.
import { and, count, eq, isNull, lt, or } from 'drizzle-orm';
import { alerts } from '../../db/schema/index.ts';
import type { VerbContextArgs } from '../service-context.ts';

export async function countFiringAlerts({ ctx }: VerbContextArgs): Promise<{ firing: number; unhandled: number }> {
  const now = new Date();
  const [[{ firing }], [{ unhandled }]] = await Promise.all([
    ctx.db.select({ firing: count() }).from(alerts).where(eq(alerts.state, 'firing')),
    ctx.db
      .select({ unhandled: count() })
      .from(alerts)
      .where(
        and(eq(alerts.state, 'firing'), isNull(alerts.acknowledgedAt), or(isNull(alerts.silencedUntil), lt(alerts.silencedUntil, now))),
      ),
  ]);
  return { firing, unhandled };
}
