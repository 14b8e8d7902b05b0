// The notification every webhook receives, schema `samsa.notification/v1` (README.md, "Webhooks"), and its
// two renderings: the generic JSON (the notification as is) and Slack's incoming-webhook message.
// The schema is stable: fields may be added, never renamed or removed, without a new version.
import { z } from 'zod';

export const NOTIFICATION_SCHEMA = 'samsa.notification/v1';
/** Bounds that keep every rendered body far below MAX_WEBHOOK_BODY_BYTES. */
export const MAX_NOTIFICATION_TITLE_CHARS = 200;
export const MAX_NOTIFICATION_TEXT_CHARS = 4_000;
export const MAX_NOTIFICATION_LINKS = 10;
export const MAX_NOTIFICATION_DATA_BYTES = 16 * 1024;
/** Largest body ever sent to a receiver. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

export const NotificationLink = z.object({
  label: z.string().min(1).max(100),
  url: z.string().url().max(2_000),
});
export type NotificationLink = z.infer<typeof NotificationLink>;

export const Notification = z.object({
  schema: z.literal(NOTIFICATION_SCHEMA),
  /** Unique per notification (not per delivery): receivers may deduplicate on it. */
  id: z.string().min(1).max(100),
  /** `entity.verb`: alert.firing, alert.resolved, webhook.test; other features add their own. */
  event: z.string().min(1).max(100),
  occurredAt: z.string().datetime(),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string().min(1).max(MAX_NOTIFICATION_TITLE_CHARS),
  text: z.string().max(MAX_NOTIFICATION_TEXT_CHARS),
  /** Deep links into the console, absolute (SAMSA_PUBLIC_URL). The first is the main one. */
  links: z.array(NotificationLink).max(MAX_NOTIFICATION_LINKS),
  /** Event-specific details (alert: rule, cluster, group, state, value). */
  data: z.record(z.string(), z.unknown()),
});
export type Notification = z.infer<typeof Notification>;

export type NotificationDraft = Omit<Notification, 'schema' | 'id' | 'occurredAt'> & { id?: string; occurredAt?: Date };

/** Builds a valid notification: text cut to its bounds, data refused above its size bound. */
export function buildNotification(draft: NotificationDraft, id: string, now: Date): Notification {
  const dataBytes = Buffer.byteLength(JSON.stringify(draft.data));
  if (dataBytes > MAX_NOTIFICATION_DATA_BYTES)
    throw new Error(`notification data is ${dataBytes} bytes, above the ${MAX_NOTIFICATION_DATA_BYTES}-byte bound`);
  return Notification.parse({
    schema: NOTIFICATION_SCHEMA,
    id: draft.id ?? id,
    event: draft.event,
    occurredAt: (draft.occurredAt ?? now).toISOString(),
    severity: draft.severity,
    title: cut(draft.title, MAX_NOTIFICATION_TITLE_CHARS),
    text: cut(draft.text, MAX_NOTIFICATION_TEXT_CHARS),
    links: draft.links.slice(0, MAX_NOTIFICATION_LINKS),
    data: draft.data,
  });
}

function cut(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

/** Slack's mrkdwn treats &, < and > as markup; everything else is shown as typed. */
function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const severityMarks: Record<Notification['severity'], string> = {
  info: ':information_source:',
  warning: ':warning:',
  critical: ':rotating_light:',
};

/** Slack incoming-webhook body: `text` (notifications, clients without blocks) plus blocks with the links. */
export function slackMessage(notification: Notification): Record<string, unknown> {
  const title = `${severityMarks[notification.severity]} *${slackEscape(notification.title)}*`;
  const links = notification.links.map((link) => `<${link.url}|${slackEscape(link.label)}>`).join('  ·  ');
  const blocks: Record<string, unknown>[] = [{ type: 'section', text: { type: 'mrkdwn', text: title } }];
  if (notification.text) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: slackEscape(notification.text) } });
  if (links) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links }] });
  return { text: `${slackEscape(notification.title)}${notification.links[0] ? ` ${notification.links[0].url}` : ''}`, blocks };
}

export function renderWebhookBody(notification: Notification, format: 'json' | 'slack'): string {
  const body = JSON.stringify(format === 'slack' ? slackMessage(notification) : notification);
  if (Buffer.byteLength(body) > MAX_WEBHOOK_BODY_BYTES) throw new Error(`webhook body above ${MAX_WEBHOOK_BODY_BYTES} bytes`);
  return body;
}

/** An absolute console URL for a path, under SAMSA_PUBLIC_URL (which may itself have a path). */
export function consoleUrl(publicUrl: string, pathAndQuery: string): string {
  const base = publicUrl.endsWith('/') ? publicUrl.slice(0, -1) : publicUrl;
  return `${base}${pathAndQuery.startsWith('/') ? '' : '/'}${pathAndQuery}`;
}

/** `/groups/<group>`, with ?cluster=<id> for a cluster other than the built-in one (as app/components/group-href.ts). */
export function groupPath(groupId: string, clusterId: string): string {
  const path = `/groups/${encodeURIComponent(groupId)}`;
  return clusterId === 'built-in' ? path : `${path}?cluster=${encodeURIComponent(clusterId)}`;
}
