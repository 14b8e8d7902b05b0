import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../test-support/test-runtime.ts';
import { databaseKinds } from '../test-support/test-database.ts';

function trpcCode(error: unknown): string | undefined {
  return error instanceof TRPCError ? error.code : undefined;
}

async function codeOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    return trpcCode(error) ?? String(error);
  }
}

describe.each(databaseKinds)('procedure roles on %s', (kind) => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createTestRuntime(kind);
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('refuses every console procedure to a caller who is not signed in', async () => {
    const anonymous = runtime.anonymousCaller();
    expect(await codeOf(anonymous.teams.list())).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.clusters.list())).toBe('UNAUTHORIZED');
    expect(await anonymous.session.me()).toBeNull();
  });

  it('lets a viewer read the lag history, and refuses it to a caller who is not signed in', async () => {
    const anonymous = runtime.anonymousCaller();
    const viewer = await runtime.callerAs('viewer');
    const clusterId = 'built-in';
    expect(await codeOf(anonymous.lagHistory.getGroup({ clusterId, groupId: 'g' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.lagHistory.getTopic({ clusterId, topic: 't' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.lagHistory.listWorstGroups({ clusterId }))).toBe('UNAUTHORIZED');
    expect(await codeOf(viewer.lagHistory.getGroup({ clusterId, groupId: 'g', range: '24h' }))).toBe('OK');
    expect(await codeOf(viewer.lagHistory.getTopic({ clusterId, topic: 't', range: '7d' }))).toBe('OK');
    expect(await codeOf(viewer.lagHistory.listWorstGroups({ clusterId, range: '30d' }))).toBe('OK');
    expect(await codeOf(viewer.lagHistory.getGroup({ clusterId, groupId: 'g', range: '2y' as never }))).toBe('BAD_REQUEST');
  });

  it('lets a viewer read but refuses changes, user admin and the audit log', async () => {
    const viewer = await runtime.callerAs('viewer');
    expect(await codeOf(viewer.teams.list())).toBe('OK');
    expect((await viewer.clusters.list()).map((cluster) => cluster.id)).toContain('built-in');
    expect(await codeOf(viewer.topics.create({ clusterId: 'built-in', name: 'x', partitions: 1, replicationFactor: 1 }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.users.list())).toBe('FORBIDDEN');
    expect(await codeOf(viewer.audit.list({}))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.webhooks.list())).toBe('OK');
    expect(await codeOf(viewer.webhooks.listDeliveries({}))).toBe('OK');
    expect(await codeOf(viewer.webhooks.create({ name: 'x', url: 'https://example.com/hook' }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.webhooks.update({ id: 'x', enabled: false }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.webhooks.delete({ id: 'x' }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.webhooks.test({ id: 'x' }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.alerts.list({}))).toBe('OK');
    expect(await codeOf(viewer.alerts.listRules())).toBe('OK');
    expect(await codeOf(viewer.alerts.countFiring())).toBe('OK');
    expect(await codeOf(viewer.alerts.get({ id: 1 }))).toBe('NOT_FOUND');
    expect(await codeOf(viewer.alerts.getRule({ id: 'x' }))).toBe('NOT_FOUND');
    const rule = { name: 'x', groupPattern: '*', condition: { kind: 'lag', thresholdRecords: 1, forSeconds: 0 } } as const;
    expect(await codeOf(viewer.alerts.createRule(rule))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.alerts.updateRule({ id: 'x', ...rule }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.alerts.deleteRule({ id: 'x' }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.alerts.acknowledge({ id: 1 }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.alerts.silence({ id: 1, until: null }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.replays.list({}))).toBe('OK');
    expect(await codeOf(viewer.replays.get({ id: 'none' }))).toBe('NOT_FOUND');
    expect(await codeOf(viewer.replays.start({ id: 'none' }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.replays.pause({ id: 'none' }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.replays.resume({ id: 'none' }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.replays.cancel({ id: 'none' }))).toBe('FORBIDDEN');
    expect(
      await codeOf(
        viewer.replays.plan({
          clusterId: 'built-in',
          sourceTopic: 'a',
          targetTopic: 'b',
          settings: { partitioning: 'key', keepTimestamps: true, rateLimit: {} },
        }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('lets only operators and admins approve replays', async () => {
    const member = await runtime.callerAs('member');
    expect(await codeOf(member.replays.approve({ id: 'none' }))).toBe('FORBIDDEN');
    const operator = await runtime.callerAs('operator');
    expect(await codeOf(operator.replays.approve({ id: 'none' }))).toBe('NOT_FOUND');
  });

  it('refuses a member a topic outside their team prefixes before contacting the cluster', async () => {
    const admin = await runtime.callerAs('admin');
    const team = await admin.teams.create({ name: `payments-${kind}`, prefixes: [`payments-${kind}.`] });
    const member = await runtime.callerAs('member', { teamId: team.id });
    const refused = await codeOf(member.topics.create({ clusterId: 'built-in', name: 'orders.v1', partitions: 1, replicationFactor: 1 }));
    expect(refused).toBe('FORBIDDEN');
    expect(await codeOf(member.users.create({ username: 'eve', name: 'Eve', password: 'longenough', role: 'admin' }))).toBe('FORBIDDEN');
  });

  it('lets an operator read the audit log but not manage users or clusters', async () => {
    const operator = await runtime.callerAs('operator');
    expect(await codeOf(operator.audit.list({}))).toBe('OK');
    expect(await codeOf(operator.users.list())).toBe('FORBIDDEN');
    expect(await codeOf(operator.clusters.create({ name: 'x', bootstrapServers: 'h:9092' }))).toBe('FORBIDDEN');
    // Operators manage webhooks: an unknown one is NOT_FOUND, past the role check.
    expect(await codeOf(operator.webhooks.test({ id: 'no-such-webhook' }))).toBe('NOT_FOUND');
    expect(await codeOf(operator.alerts.acknowledge({ id: 999_999 }))).toBe('NOT_FOUND');
    expect(await codeOf(operator.alerts.silence({ id: 999_999, until: new Date(Date.now() + 60_000) }))).toBe('NOT_FOUND');
    expect(await codeOf(operator.alerts.deleteRule({ id: 'no-such-rule' }))).toBe('NOT_FOUND');
  });

  it('lets an admin create a user, and audits it without the password', async () => {
    const admin = await runtime.callerAs('admin');
    await admin.users.create({ username: `carol_${kind}`, name: 'Carol', password: 'a-long-password', role: 'operator' });
    const listed = await admin.users.list();
    expect(listed.find((user) => user.username === `carol_${kind}`)?.role).toBe('operator');
    const audit = await admin.audit.list({ action: 'user.create', resource: `carol_${kind}` });
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].outcome).toBe('succeeded');
    expect(JSON.stringify(audit.rows[0])).not.toContain('a-long-password');
  });

  it('gives topic requests, policies and notifications their tiers: members request, operators decide, admins set policies', async () => {
    const viewer = await runtime.callerAs('viewer');
    const member = await runtime.callerAs('member');
    const operator = await runtime.callerAs('operator');
    const anonymous = runtime.anonymousCaller();
    const draft = { clusterId: 'built-in', name: 'x.y', partitions: 1, replicationFactor: 1 };
    expect(await codeOf(anonymous.notifications.list({}))).toBe('UNAUTHORIZED');
    expect(await codeOf(viewer.notifications.list({}))).toBe('OK');
    expect(await codeOf(viewer.notifications.markRead({}))).toBe('OK');
    expect(await codeOf(viewer.topicPolicies.list())).toBe('OK');
    for (const call of [
      viewer.topicRequests.list({}),
      viewer.topicRequests.get({ requestId: 1 }),
      viewer.topicRequests.check(draft),
      viewer.topicRequests.create(draft),
      viewer.topicRequests.createChange({ clusterId: 'built-in', name: 'x.y', partitions: 2 }),
      viewer.topicRequests.cancel({ requestId: 1 }),
      member.topicRequests.approve({ requestId: 1 }),
      member.topicRequests.reject({ requestId: 1, comment: 'no' }),
      member.topicRequests.retry({ requestId: 1 }),
      operator.topicPolicies.set({ clusterId: 'built-in', rules: {} }),
      operator.topicPolicies.delete({ policyId: 'x' }),
    ])
      expect(await codeOf(call)).toBe('FORBIDDEN');
    // A member without a team is told why rather than refused by role.
    expect(await codeOf(member.topicRequests.create(draft))).toBe('BAD_REQUEST');
    expect(await codeOf(member.topicRequests.list({}))).toBe('OK');
    expect(await codeOf(operator.topicRequests.get({ requestId: 999_999 }))).toBe('NOT_FOUND');
  });

  it('refuses an admin removing their own admin role', async () => {
    const actor = await runtime.actorAs('admin');
    const { createCaller } = await import('../api/root.ts');
    const self = createCaller({ runtime, actor, requestId: 'r', clientAddress: '127.0.0.1' });
    expect(await codeOf(self.users.update({ userId: actor.userId, role: 'viewer' }))).toBe('BAD_REQUEST');
  });
});
