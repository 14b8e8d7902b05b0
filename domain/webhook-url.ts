// What a webhook URL may be, checked the same way by the form and the server: http or https, at most 2,000
// characters, no fragment. Webhook URLs are set by admins and operators only: the console POSTs to whatever
// host they name (loopback and private addresses included), so the role check is the guard.
import { z } from 'zod';

export const MAX_WEBHOOK_URL_CHARS = 2_000;

export const WebhookUrl = z
  .string()
  .trim()
  .min(1, 'Give the receiver URL.')
  .max(MAX_WEBHOOK_URL_CHARS)
  .refine((value) => URL.canParse(value), 'Not a URL: give e.g. https://hooks.slack.com/services/…')
  .refine(
    (value) => !URL.canParse(value) || ['http:', 'https:'].includes(new URL(value).protocol),
    'Only http and https URLs are sent to.',
  );

/** scheme://host[:port]: what lists and audit records show instead of the URL, whose path may hold a credential. */
export function webhookUrlOrigin(url: string): string {
  return new URL(url).origin;
}

export const webhookFormatLabels = {
  json: 'Generic JSON (samsa.notification/v1)',
  slack: 'Slack incoming webhook',
} as const;
