// Applies one evaluation to the alert of (rule, cluster, group), in one transaction: the state change, its
// history event and its webhook deliveries commit together. Not a verb: the evaluator job calls it.
import { and, eq, inArray } from 'drizzle-orm';
import { describeCondition } from '../../../domain/alert-rule.ts';
import type { Database } from '../../db/database.ts';
import { alertEvents, type alertRules, alerts } from '../../db/schema/index.ts';
import type { WebhookDispatcher } from '../../jobs/webhook-dispatcher.ts';
import { consoleUrl, groupPath, type NotificationDraft } from '../webhooks/notification.ts';
import { nextTransition } from './alert-transition.ts';
import type { ConditionEvaluation } from './evaluate-condition.ts';

type AlertRule = typeof alertRules.$inferSelect;
type AlertRow = typeof alerts.$inferSelect;

export interface ApplyContext {
  db: Database;
  webhooks: WebhookDispatcher;
  publicUrl: string;
}

export interface Applied {
  alertId: number | null;
  transition: 'pending' | 'firing' | 'resolved' | null;
  notified: number;
}

export async function applyEvaluation(
  context: ApplyContext,
  rule: AlertRule,
  subject: { clusterId: string; groupId: string },
  evaluation: ConditionEvaluation,
  now: Date,
): Promise<Applied> {
  return context.db.transaction(async (tx) => {
    const [open] = await tx
      .select()
      .from(alerts)
      .where(
        and(
          eq(alerts.ruleId, rule.id),
          eq(alerts.clusterId, subject.clusterId),
          eq(alerts.groupId, subject.groupId),
          inArray(alerts.state, ['pending', 'firing']),
        ),
      )
      .for('update');
    const openState = open ? { state: open.state as 'pending' | 'firing', pendingSinceMs: open.pendingSince.getTime() } : null;
    const transition = nextTransition(openState, evaluation.breached, rule.condition.forSeconds, now.getTime());
    const measured = { summary: evaluation.summary, value: evaluation.value, lastEvaluatedAt: now };
    if (!transition) {
      if (open) await tx.update(alerts).set(measured).where(eq(alerts.id, open.id));
      return { alertId: open?.id ?? null, transition: null, notified: 0 };
    }
    let alert: AlertRow;
    if (!open) {
      [alert] = await tx
        .insert(alerts)
        .values({
          ruleId: rule.id,
          ...subject,
          state: transition.to,
          pendingSince: now,
          firedAt: transition.to === 'firing' ? now : null,
          ...measured,
        })
        .returning();
    } else {
      [alert] = await tx
        .update(alerts)
        .set({
          ...measured,
          state: transition.to,
          ...(transition.to === 'firing' ? { firedAt: now } : {}),
          ...(transition.to === 'resolved' ? { resolvedAt: now } : {}),
        })
        .where(eq(alerts.id, open.id))
        .returning();
    }
    const silenced = alert.silencedUntil !== null && alert.silencedUntil > now;
    let notified = 0;
    if (transition.notify && !silenced && rule.webhookIds.length > 0) {
      const { deliveryIds } = await context.webhooks.enqueue(tx, alertNotification(context.publicUrl, rule, alert), {
        webhookIds: rule.webhookIds,
        subject: { type: 'alert', id: String(alert.id) },
        now,
      });
      notified = deliveryIds.length;
    }
    await tx.insert(alertEvents).values({
      alertId: alert.id,
      at: now,
      kind: transition.to,
      detail: { summary: evaluation.summary, value: evaluation.value, notified, silenced: transition.notify && silenced },
    });
    return { alertId: alert.id, transition: transition.to, notified };
  });
}

export function alertNotification(publicUrl: string, rule: AlertRule, alert: AlertRow): NotificationDraft {
  const firing = alert.state === 'firing';
  const where = `group ${alert.groupId} on ${alert.clusterId}`;
  const since = alert.firedAt ? ` Firing since ${alert.firedAt.toISOString()}.` : '';
  return {
    event: firing ? 'alert.firing' : 'alert.resolved',
    severity: firing ? (rule.condition.kind === 'burrow' && rule.condition.level === 'warning' ? 'warning' : 'critical') : 'info',
    title: `${firing ? 'FIRING' : 'RESOLVED'}: ${rule.name} (${where})`,
    text: `${alert.summary}. Rule: ${describeCondition(rule.condition)}.${firing ? since : ` Resolved at ${alert.resolvedAt?.toISOString()}.`}`,
    links: [
      { label: `Alert #${alert.id}`, url: consoleUrl(publicUrl, `/alerts/${alert.id}`) },
      { label: `Group ${alert.groupId}`.slice(0, 100), url: consoleUrl(publicUrl, groupPath(alert.groupId, alert.clusterId)) },
    ],
    data: {
      alert: {
        id: alert.id,
        state: alert.state,
        clusterId: alert.clusterId,
        groupId: alert.groupId,
        summary: alert.summary,
        value: alert.value,
        pendingSince: alert.pendingSince.toISOString(),
        firedAt: alert.firedAt?.toISOString() ?? null,
        resolvedAt: alert.resolvedAt?.toISOString() ?? null,
      },
      rule: { id: rule.id, name: rule.name, condition: rule.condition, description: describeCondition(rule.condition) },
    },
  };
}
