// Topic policies: the rules a requested topic must follow on a cluster, set by admins per cluster and
// optionally per team (a team's own policy replaces the cluster's for that team). The same pure check runs
// in the request form as the member types, on submit, and again when an operator approves, so the form,
// the server and the approver never disagree. Each broken rule is reported with the rule's name.
import { z } from 'zod';

/** Kafka's default retention.ms (7 days), used when a request leaves retention to the cluster. */
export const KAFKA_DEFAULT_RETENTION_MS = 604_800_000;
/** A name pattern is a glob over topic characters; `*` stands for any run of them. */
export const MAX_NAME_PATTERN_LENGTH = 200;
export const cleanupPolicies = ['delete', 'compact', 'compact,delete'] as const;
export type CleanupPolicy = (typeof cleanupPolicies)[number];

const LONG_MAX = Number.MAX_SAFE_INTEGER;

export const TopicPolicyRules = z.object({
  /** Glob the whole name must match, e.g. `*.events.v*`; null: any name (the team prefix still applies). */
  namePattern: z
    .string()
    .trim()
    .min(1)
    .max(MAX_NAME_PATTERN_LENGTH)
    .regex(/^[a-zA-Z0-9._*-]+$/, 'A name pattern uses topic-name characters and "*" only')
    .nullable()
    .default(null),
  maxPartitions: z.number().int().min(1).max(100_000).nullable().default(null),
  minRetentionMs: z.number().int().min(1).max(LONG_MAX).nullable().default(null),
  /** retention.ms -1 (forever) breaks any maximum. */
  maxRetentionMs: z.number().int().min(1).max(LONG_MAX).nullable().default(null),
  /** Per partition; retention.bytes -1 (no limit) breaks it. */
  maxRetentionBytes: z.number().int().min(1).max(LONG_MAX).nullable().default(null),
  allowedCleanupPolicies: z.array(z.enum(cleanupPolicies)).min(1).max(cleanupPolicies.length).nullable().default(null),
  /** Applied only on clusters with at least this many brokers. */
  minReplicationFactor: z.number().int().min(1).max(32).nullable().default(null),
  /** min.insync.replicas at least this, on clusters with at least this many brokers. */
  minInsyncReplicas: z.number().int().min(1).max(32).nullable().default(null),
  /** Estimated disk (throughput x retention x replication) of all the team's requested topics on the cluster. */
  maxTeamDiskBytes: z.number().int().min(1).max(LONG_MAX).nullable().default(null),
});
export type TopicPolicyRules = z.infer<typeof TopicPolicyRules>;

export type PolicyRuleId =
  | 'team-prefix'
  | 'name-pattern'
  | 'max-partitions'
  | 'retention-bounds'
  | 'max-retention-bytes'
  | 'cleanup-policy'
  | 'min-replication-factor'
  | 'min-insync-replicas'
  | 'team-disk-budget';

export const policyRuleNames: Record<PolicyRuleId, string> = {
  'team-prefix': 'team prefix',
  'name-pattern': 'name pattern',
  'max-partitions': 'maximum partitions',
  'retention-bounds': 'retention bounds',
  'max-retention-bytes': 'maximum retention size',
  'cleanup-policy': 'allowed cleanup policies',
  'min-replication-factor': 'minimum replication factor',
  'min-insync-replicas': 'minimum min.insync.replicas',
  'team-disk-budget': 'team disk budget',
};

export interface PolicyViolation {
  rule: PolicyRuleId;
  /** Names the rule and says what to change, e.g. `Rule "maximum partitions": 24 partitions; at most 12.` */
  message: string;
}

/** The parts of a topic (new, or an existing one after a change) the rules look at. */
export interface TopicShape {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
  recordsPerSecond: number;
  averageRecordBytes: number;
}

export interface PolicyContext {
  /** The requesting team's prefixes; null skips the prefix rule (operators acting for no team). */
  teamPrefixes: readonly string[] | null;
  /** Null when the cluster could not be reached: the broker-count rules are then not applied. */
  brokerCount: number | null;
  /** Estimated disk of the team's other live requests on this cluster (bytes; null: one of them is unbounded). */
  teamDiskUsedBytes: number | null;
}

/** Retention.ms in force for the shape: its own value, else Kafka's default. -1 means forever. */
export function retentionMsOf(configs: Record<string, string>): number {
  const value = configs['retention.ms'];
  return value === undefined || value.trim() === '' ? KAFKA_DEFAULT_RETENTION_MS : Number(value);
}

function retentionBytesOf(configs: Record<string, string>): number {
  const value = configs['retention.bytes'];
  return value === undefined || value.trim() === '' ? -1 : Number(value);
}

/** Order-free form of cleanup.policy ("delete,compact" and "compact,delete" are the same policy). */
export function cleanupPolicyOf(configs: Record<string, string>): string {
  const parts = (configs['cleanup.policy'] ?? 'delete')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return [...new Set(parts)].sort().join(',');
}

/**
 * Disk the topic will use: bytes written per second x retention x replication factor, capped by
 * retention.bytes x partitions x replication when that is set. Null when nothing bounds it (kept forever).
 */
export function estimateDiskBytes(shape: TopicShape): number | null {
  const replicas = shape.replicationFactor;
  const retentionMs = retentionMsOf(shape.configs);
  const retentionBytes = retentionBytesOf(shape.configs);
  const byTime = retentionMs < 0 ? null : ((shape.recordsPerSecond * shape.averageRecordBytes * retentionMs) / 1000) * replicas;
  const bySize = retentionBytes < 0 ? null : retentionBytes * shape.partitions * replicas;
  if (byTime === null) return bySize;
  if (bySize === null) return Math.round(byTime);
  return Math.round(Math.min(byTime, bySize));
}

/** One partition comfortably takes about this much (a conservative figure for a consumer keeping up). */
export const SUGGESTED_BYTES_PER_SECOND_PER_PARTITION = 5 * 1024 * 1024;

/** Partitions for the expected throughput: one per 5 MiB/s, at least one, within the policy's maximum. */
export function suggestPartitions(recordsPerSecond: number, averageRecordBytes: number, maxPartitions: number | null): number {
  const wanted = Math.max(1, Math.ceil((recordsPerSecond * averageRecordBytes) / SUGGESTED_BYTES_PER_SECOND_PER_PARTITION));
  return maxPartitions === null ? wanted : Math.min(wanted, maxPartitions);
}

/** Whether `name` matches the glob `pattern` (`*`: any run of characters). Linear-time two-pointer match. */
export function matchesNamePattern(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starAt = -1;
  let resumeAt = 0;
  // Each step moves n forward or moves p forward within one star's span: bounded by |name| x |pattern|.
  while (n < name.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === name[n]) {
      p += 1;
      n += 1;
    } else if (p < pattern.length && pattern[p] === '*') {
      starAt = p;
      resumeAt = n;
      p += 1;
    } else if (starAt >= 0) {
      p = starAt + 1;
      resumeAt += 1;
      n = resumeAt;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p += 1;
  return p === pattern.length;
}

const rule = (id: PolicyRuleId, text: string): PolicyViolation => ({ rule: id, message: `Rule "${policyRuleNames[id]}": ${text}` });

function describeMs(ms: number): string {
  if (ms < 0) return 'forever';
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}

export function describeBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[index]}`;
}

/** Every rule the shape breaks under `rules` (empty when it follows them all). */
export function checkTopicPolicy(rules: TopicPolicyRules, shape: TopicShape, context: PolicyContext): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  if (context.teamPrefixes !== null && !context.teamPrefixes.some((prefix) => shape.name.startsWith(prefix))) {
    const owned = context.teamPrefixes.length > 0 ? context.teamPrefixes.join(', ') : 'none: ask an admin for a prefix';
    violations.push(rule('team-prefix', `${shape.name} must start with one of your team's prefixes (${owned}).`));
  }
  if (rules.namePattern !== null && !matchesNamePattern(rules.namePattern, shape.name))
    violations.push(rule('name-pattern', `${shape.name} must match ${rules.namePattern} ("*" stands for any characters).`));
  if (rules.maxPartitions !== null && shape.partitions > rules.maxPartitions)
    violations.push(rule('max-partitions', `${shape.partitions} partitions; at most ${rules.maxPartitions}.`));
  violations.push(...retentionViolations(rules, shape));
  const cleanup = cleanupPolicyOf(shape.configs);
  if (
    rules.allowedCleanupPolicies !== null &&
    !rules.allowedCleanupPolicies.map((allowed) => cleanupPolicyOf({ 'cleanup.policy': allowed })).includes(cleanup)
  )
    violations.push(rule('cleanup-policy', `cleanup.policy ${cleanup} is not allowed; use ${rules.allowedCleanupPolicies.join(' or ')}.`));
  violations.push(...replicationViolations(rules, shape, context.brokerCount));
  if (rules.maxTeamDiskBytes !== null) {
    const own = estimateDiskBytes(shape);
    const total = own === null || context.teamDiskUsedBytes === null ? null : own + context.teamDiskUsedBytes;
    if (total === null || total > rules.maxTeamDiskBytes) {
      const used = context.teamDiskUsedBytes === null ? 'unbounded' : describeBytes(context.teamDiskUsedBytes);
      const mine = own === null ? 'unbounded (kept forever with no size limit)' : describeBytes(own);
      violations.push(
        rule(
          'team-disk-budget',
          `this topic needs ${mine} and the team's other topics ${used}; the budget is ${describeBytes(rules.maxTeamDiskBytes)}.`,
        ),
      );
    }
  }
  return violations;
}

function retentionViolations(rules: TopicPolicyRules, shape: TopicShape): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const retentionMs = retentionMsOf(shape.configs);
  const tooLong = rules.maxRetentionMs !== null && (retentionMs < 0 || retentionMs > rules.maxRetentionMs);
  const tooShort = rules.minRetentionMs !== null && retentionMs >= 0 && retentionMs < rules.minRetentionMs;
  if (tooLong || tooShort || Number.isNaN(retentionMs)) {
    const low = rules.minRetentionMs === null ? null : describeMs(rules.minRetentionMs);
    const high = rules.maxRetentionMs === null ? null : describeMs(rules.maxRetentionMs);
    const bounds = low && high ? `from ${low} to ${high}` : low ? `at least ${low}` : `at most ${high}`;
    violations.push(rule('retention-bounds', `retention.ms ${describeMs(retentionMs)} is outside the bounds; use ${bounds}.`));
  }
  const retentionBytes = retentionBytesOf(shape.configs);
  if (rules.maxRetentionBytes !== null && (retentionBytes < 0 || retentionBytes > rules.maxRetentionBytes)) {
    const shown = retentionBytes < 0 ? 'no limit' : describeBytes(retentionBytes);
    violations.push(
      rule('max-retention-bytes', `retention.bytes ${shown} per partition; at most ${describeBytes(rules.maxRetentionBytes)}.`),
    );
  }
  return violations;
}

function replicationViolations(rules: TopicPolicyRules, shape: TopicShape, brokerCount: number | null): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  if (brokerCount === null) return violations;
  if (
    rules.minReplicationFactor !== null &&
    brokerCount >= rules.minReplicationFactor &&
    shape.replicationFactor < rules.minReplicationFactor
  )
    violations.push(
      rule(
        'min-replication-factor',
        `replication factor ${shape.replicationFactor}; at least ${rules.minReplicationFactor} on this ${brokerCount}-broker cluster.`,
      ),
    );
  if (rules.minInsyncReplicas !== null && brokerCount >= rules.minInsyncReplicas) {
    const isr = Number(shape.configs['min.insync.replicas'] ?? '1');
    if (isr < rules.minInsyncReplicas)
      violations.push(
        rule(
          'min-insync-replicas',
          `min.insync.replicas ${isr}; at least ${rules.minInsyncReplicas} on this ${brokerCount}-broker cluster.`,
        ),
      );
  }
  return violations;
}

/** Bounded description fields of a request, shared by the form and the server. */
export const MAX_REQUEST_DESCRIPTION_LENGTH = 2_000;
export const MAX_EXPECTED_CONSUMERS = 50;
