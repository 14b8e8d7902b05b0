import { describe, expect, it } from 'vitest';
import {
  checkTopicPolicy,
  estimateDiskBytes,
  matchesNamePattern,
  suggestPartitions,
  TopicPolicyRules,
  type PolicyContext,
  type TopicShape,
} from './topic-policy.ts';

const GIB = 1024 ** 3;
const DAY_MS = 86_400_000;

const shape = (overrides: Partial<TopicShape> = {}): TopicShape => ({
  name: 'payments.orders',
  partitions: 6,
  replicationFactor: 3,
  configs: { 'retention.ms': String(3 * DAY_MS), 'cleanup.policy': 'delete', 'min.insync.replicas': '2' },
  recordsPerSecond: 100,
  averageRecordBytes: 1000,
  ...overrides,
});
const context: PolicyContext = { teamPrefixes: ['payments.'], brokerCount: 3, teamDiskUsedBytes: 0 };
const rules = (overrides: Partial<TopicPolicyRules>) => TopicPolicyRules.parse(overrides);
const rulesBroken = (policy: Partial<TopicPolicyRules>, topic: Partial<TopicShape> = {}, where: Partial<PolicyContext> = {}) =>
  checkTopicPolicy(rules(policy), shape(topic), { ...context, ...where });

describe('topic policy rules', () => {
  it('accepts a topic that follows every rule', () => {
    const all = {
      namePattern: 'payments.*',
      maxPartitions: 12,
      minRetentionMs: DAY_MS,
      maxRetentionMs: 7 * DAY_MS,
      maxRetentionBytes: GIB,
      allowedCleanupPolicies: ['delete' as const],
      minReplicationFactor: 3,
      minInsyncReplicas: 2,
      maxTeamDiskBytes: 1000 * GIB,
    };
    expect(rulesBroken(all, { configs: { ...shape().configs, 'retention.bytes': String(GIB) } })).toEqual([]);
  });

  it('names the team-prefix rule when the name is outside the team prefixes', () => {
    const [violation] = rulesBroken({}, { name: 'orders.eu' });
    expect(violation.rule).toBe('team-prefix');
    expect(violation.message).toMatch(/^Rule "team prefix": orders\.eu must start with one of your team's prefixes \(payments\.\)/);
  });

  it('matches the name pattern as a glob, "*" for any run of characters', () => {
    expect(matchesNamePattern('payments.*.v*', 'payments.orders.v2')).toBe(true);
    expect(matchesNamePattern('payments.*.v*', 'payments.orders')).toBe(false);
    expect(matchesNamePattern('*', 'x')).toBe(true);
    expect(matchesNamePattern('a*b*c', 'a'.repeat(240))).toBe(false);
    expect(rulesBroken({ namePattern: '*.events' }).map((violation) => violation.message)).toEqual([
      'Rule "name pattern": payments.orders must match *.events ("*" stands for any characters).',
    ]);
  });

  it('refuses more partitions than the maximum', () => {
    expect(rulesBroken({ maxPartitions: 4 })).toEqual([
      { rule: 'max-partitions', message: 'Rule "maximum partitions": 6 partitions; at most 4.' },
    ]);
  });

  it('keeps retention.ms within its bounds; forever breaks a maximum; unset means Kafka’s 7 days', () => {
    expect(rulesBroken({ minRetentionMs: 4 * DAY_MS })[0].message).toBe(
      'Rule "retention bounds": retention.ms 3 d is outside the bounds; use at least 4 d.',
    );
    expect(rulesBroken({ maxRetentionMs: DAY_MS, minRetentionMs: 3_600_000 })[0].message).toMatch(/use from 1 h to 1 d/);
    expect(rulesBroken({ maxRetentionMs: 30 * DAY_MS }, { configs: { 'retention.ms': '-1' } })[0].message).toMatch(/retention\.ms forever/);
    expect(rulesBroken({ maxRetentionMs: 6 * DAY_MS }, { configs: {} })[0].rule).toBe('retention-bounds');
  });

  it('bounds retention.bytes per partition; no limit breaks it', () => {
    expect(rulesBroken({ maxRetentionBytes: GIB }, { configs: { 'retention.bytes': String(2 * GIB) } })[0].message).toBe(
      'Rule "maximum retention size": retention.bytes 2 GiB per partition; at most 1 GiB.',
    );
    expect(rulesBroken({ maxRetentionBytes: GIB })[0].message).toMatch(/no limit/);
  });

  it('allows only the listed cleanup policies, in either order of compact,delete', () => {
    expect(rulesBroken({ allowedCleanupPolicies: ['compact'] })[0].message).toBe(
      'Rule "allowed cleanup policies": cleanup.policy delete is not allowed; use compact.',
    );
    expect(rulesBroken({ allowedCleanupPolicies: ['compact,delete'] }, { configs: { 'cleanup.policy': 'delete,compact' } })).toEqual([]);
  });

  it('asks for a minimum replication factor and min.insync.replicas only on clusters with enough brokers', () => {
    expect(rulesBroken({ minReplicationFactor: 3 }, { replicationFactor: 2 })[0].message).toBe(
      'Rule "minimum replication factor": replication factor 2; at least 3 on this 3-broker cluster.',
    );
    expect(rulesBroken({ minReplicationFactor: 3 }, { replicationFactor: 1 }, { brokerCount: 1 })).toEqual([]);
    expect(rulesBroken({ minInsyncReplicas: 2 }, { configs: {} })[0].message).toBe(
      'Rule "minimum min.insync.replicas": min.insync.replicas 1; at least 2 on this 3-broker cluster.',
    );
    expect(rulesBroken({ minInsyncReplicas: 2 }, { configs: {} }, { brokerCount: 1 })).toEqual([]);
    // An unreachable cluster: the broker count is unknown, so these rules wait for the approval's re-check.
    expect(rulesBroken({ minReplicationFactor: 3 }, { replicationFactor: 1 }, { brokerCount: null })).toEqual([]);
  });

  it('counts the team’s other topics against its disk budget', () => {
    const own = estimateDiskBytes(shape())!;
    expect(own).toBe(100 * 1000 * 3 * 86_400 * 3);
    expect(rulesBroken({ maxTeamDiskBytes: own + 1 })).toEqual([]);
    expect(rulesBroken({ maxTeamDiskBytes: own + 1 }, {}, { teamDiskUsedBytes: 2 })[0].rule).toBe('team-disk-budget');
    expect(rulesBroken({ maxTeamDiskBytes: 10 * GIB }, { configs: { 'retention.ms': '-1' } })[0].message).toMatch(
      /unbounded \(kept forever/,
    );
    expect(rulesBroken({ maxTeamDiskBytes: 10 * GIB }, {}, { teamDiskUsedBytes: null })[0].message).toMatch(/other topics unbounded/);
  });

  it('estimates disk from throughput, retention and replicas, capped by retention.bytes', () => {
    expect(estimateDiskBytes(shape({ configs: { 'retention.ms': '1000', 'retention.bytes': '-1' } }))).toBe(100 * 1000 * 3);
    expect(estimateDiskBytes(shape({ configs: { 'retention.ms': '-1', 'retention.bytes': '1000' } }))).toBe(1000 * 6 * 3);
    expect(estimateDiskBytes(shape({ configs: { 'retention.ms': '-1' } }))).toBeNull();
  });

  it('suggests a partition per 5 MiB/s, at least one, at most the policy maximum', () => {
    expect(suggestPartitions(0, 0, null)).toBe(1);
    expect(suggestPartitions(20_000, 1024, null)).toBe(4);
    expect(suggestPartitions(20_000, 1024, 3)).toBe(3);
  });

  it('refuses rules that are out of range', () => {
    expect(TopicPolicyRules.safeParse({ maxPartitions: 0 }).success).toBe(false);
    expect(TopicPolicyRules.safeParse({ namePattern: 'a b' }).success).toBe(false);
    expect(TopicPolicyRules.safeParse({ allowedCleanupPolicies: ['shred'] }).success).toBe(false);
  });
});

describe('topic request states', async () => {
  const { mayMove, topicRequestStates } = await import('./topic-request-states.ts');
  it('moves only along the request life', () => {
    const moves = topicRequestStates.flatMap((from) => topicRequestStates.filter((to) => mayMove(from, to)).map((to) => `${from}>${to}`));
    expect(moves).toEqual([
      'pending>approved',
      'pending>rejected',
      'pending>cancelled',
      'approved>provisioning',
      'provisioning>created',
      'provisioning>failed',
      'failed>provisioning',
    ]);
  });
});
