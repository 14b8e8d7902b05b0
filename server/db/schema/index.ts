// The whole schema, keyed by the names better-auth's drizzle adapter looks up (plural model names).
export { users } from './users.ts';
export { sessions } from './sessions.ts';
export { accounts } from './accounts.ts';
export { verifications } from './verifications.ts';
export { teams } from './teams.ts';
export { teamPrefixes } from './team-prefixes.ts';
export { clusters, saslMechanisms, type SaslMechanism } from './clusters.ts';
export { auditLog, auditOutcomes, type AuditOutcome } from './audit-log.ts';
export { brokerChangePositions } from './broker-change-positions.ts';
export {
  groupLagSamples,
  lagGroups,
  lagResolutions,
  lagRollupPositions,
  lagSampleRounds,
  lagTopics,
  nullableBigintArray,
  topicOffsetSamples,
  type LagResolution,
} from './lag-samples.ts';
export {
  webhooks,
  webhookFormats,
  type WebhookFormat,
  webhookDeliveries,
  webhookDeliveryStatuses,
  type WebhookDeliveryStatus,
  webhookDeliveryAttempts,
} from './webhooks.ts';
export { replays } from './replays.ts';
export { topicPolicies } from './topic-policies.ts';
export { topicRequests, topicRequestEvents } from './topic-requests.ts';
export { notifications } from './notifications.ts';
export { alertRules, alerts, alertEvents, alertEventKinds, type AlertEventKind } from './alerts.ts';
