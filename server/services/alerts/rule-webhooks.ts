// Checks that every webhook a rule names exists.
import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { webhooks } from '../../db/schema/index.ts';
import { ValidationError } from '../service-error.ts';

export async function assertWebhooksExist(db: Database, webhookIds: readonly string[]): Promise<void> {
  if (webhookIds.length === 0) return;
  const found = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(inArray(webhooks.id, [...webhookIds]));
  const missing = webhookIds.filter((id) => !found.some((row) => row.id === id));
  if (missing.length) throw new ValidationError(`No webhook with id ${missing.join(', ')} (deleted meanwhile?).`);
}
