// Input pieces shared by the webhook verbs.
import { z } from 'zod';
import { WebhookUrl } from '../../../domain/webhook-url.ts';
import { webhookFormats } from '../../db/schema/index.ts';
import { withoutControlCharacters } from '../control-characters.ts';

export const WebhookName = withoutControlCharacters(z.string().trim().min(1).max(100));
export const WebhookFormatInput = z.enum(webhookFormats);
export { WebhookUrl };
export const WebhookId = z.string().min(1).max(100);
