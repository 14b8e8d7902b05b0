// The editable fields of an alert rule, shared by create and update.
import { z } from 'zod';
import { AlertCondition, NamePattern } from '../../../domain/alert-rule.ts';
import { withoutControlCharacters } from '../control-characters.ts';

export const MAX_ALERT_RULES = 1_000;
export const MAX_RULE_WEBHOOKS = 20;

export const AlertRuleFields = z.object({
  name: withoutControlCharacters(z.string().trim().min(1).max(100)),
  clusterPattern: NamePattern.default('built-in'),
  groupPattern: NamePattern,
  topicPattern: NamePattern.default('*'),
  condition: AlertCondition,
  webhookIds: z.array(z.string().min(1).max(100)).max(MAX_RULE_WEBHOOKS).default([]),
  enabled: z.boolean().default(true),
});
