// Integration: topic requests through tRPC on PGlite and Postgres against a real built-in broker: every
// policy rule as the server applies it, every state transition, the errors (name taken, policy changed
// before approval, two approvers at once, the cluster down at provisioning), visibility and notifications.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltInTestCluster, type BuiltInTestCluster } from '../../test-support/test-cluster.ts';
import { databaseKinds } from '../../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';
import { startWebhookReceiver } from '../../test-support/webhook-receiver.ts';

const DAY_MS = 86_400_000;
const MIB = 1024 * 1024;
const clusterId = 'built-in';

let cluster: BuiltInTestCluster;
beforeAll(async () => {
  cluster = await startBuiltInTestCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

async function errorOf(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

type Caller = Awaited<ReturnType<TestRuntime['callerAs']>>;

describe.each(databaseKinds)('topic requests on %s', (kind) => {
  let runtime: TestRuntime;
  let admin: Caller;
  let operator: Caller;
  let otherOperator: Caller;
  let member: Caller;
  let teammate: Caller;
  let outsider: Caller;
  let prefix: string;
  const suffix = `${kind}-${Date.now().toString(36)}`;
  // Overridden configs are laid over these (the cluster policy bounds retention.bytes, so it is always set).
  const request = (name: string, { configs, ...overrides }: Record<string, unknown> & { configs?: Record<string, string> } = {}) => ({
    clusterId,
    name: `${prefix}${name}`,
    partitions: 2,
    replicationFactor: 1,
    configs: { 'retention.ms': String(2 * DAY_MS), 'retention.bytes': String(512 * MIB), 'cleanup.policy': 'delete', ...configs },
    description: 'orders for the checkout',
    recordsPerSecond: 10,
    averageRecordBytes: 100,
    expectedConsumers: ['billing'],
    ...overrides,
  });

  beforeAll(async () => {
    runtime = await createTestRuntime(kind, { cluster });
    admin = await runtime.callerAs('admin');
    operator = await runtime.callerAs('operator');
    otherOperator = await runtime.callerAs('operator');
    prefix = `shop-${suffix}.`;
    const team = await admin.teams.create({ name: `shop-${suffix}`, prefixes: [prefix] });
    const otherTeam = await admin.teams.create({ name: `ads-${suffix}`, prefixes: [`ads-${suffix}.`] });
    member = await runtime.callerAs('member', { teamId: team.id });
    teammate = await runtime.callerAs('member', { teamId: team.id });
    outsider = await runtime.callerAs('member', { teamId: otherTeam.id });
    // The cluster's policy; the team-policy test below overrides it for one team.
    await admin.topicPolicies.set({
      clusterId,
      rules: {
        maxPartitions: 12,
        minRetentionMs: DAY_MS,
        maxRetentionMs: 7 * DAY_MS,
        maxRetentionBytes: 1024 * MIB,
        allowedCleanupPolicies: ['delete', 'compact'],
        minReplicationFactor: 3,
        minInsyncReplicas: 2,
        maxTeamDiskBytes: 10_000 * MIB,
      },
    });
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
  });

  it('checks every policy rule as the member types, naming the rule', async () => {
    const ok = await member.topicRequests.check(request('ok'));
    expect(ok).toMatchObject({ ok: true, violations: [], problems: [], clusterReachable: true, policy: { scope: 'cluster' } });
    expect(ok.estimatedDiskBytes).toBe(10 * 100 * 2 * 86_400);
    const broken = async (input: ReturnType<typeof request>) => (await member.topicRequests.check(input)).violations.map((v) => v.message);
    expect(await broken(request('x', { name: `ads-${suffix}.x` }))).toEqual([
      expect.stringMatching(/^Rule "team prefix": ads-.*must start with/),
    ]);
    expect(await broken(request('x', { partitions: 13 }))).toEqual(['Rule "maximum partitions": 13 partitions; at most 12.']);
    expect(await broken(request('x', { configs: { 'retention.ms': String(30 * DAY_MS) } }))).toEqual([
      'Rule "retention bounds": retention.ms 30 d is outside the bounds; use from 1 d to 7 d.',
    ]);
    expect(await broken(request('x', { configs: { 'retention.bytes': String(2048 * MIB) } }))).toEqual([
      'Rule "maximum retention size": retention.bytes 2 GiB per partition; at most 1 GiB.',
    ]);
    expect(await broken(request('x', { configs: { 'cleanup.policy': 'compact,delete' } }))).toEqual([
      'Rule "allowed cleanup policies": cleanup.policy compact,delete is not allowed; use delete or compact.',
    ]);
    const big = { partitions: 12, recordsPerSecond: 1000, averageRecordBytes: 1000, configs: { 'retention.bytes': String(1024 * MIB) } };
    expect(await broken(request('x', big))).toEqual([
      expect.stringMatching(/^Rule "team disk budget": this topic needs 12 GiB and the team's other topics 0 B; the budget is 9\.8 GiB\.$/),
    ]);
    // Replication rules apply only where the cluster has the brokers: the built-in broker has one.
    expect(await broken(request('x', { replicationFactor: 1 }))).toEqual([]);
  });

  it('lets a team policy replace the cluster policy for that team, and admins only set policies, audited', async () => {
    const team = await admin.teams.create({ name: `labs-${suffix}`, prefixes: [`labs-${suffix}.`] });
    const labs = await runtime.callerAs('member', { teamId: team.id });
    await admin.topicPolicies.set({ clusterId, teamId: team.id, rules: { namePattern: `labs-${suffix}.*.v*`, maxPartitions: 1 } });
    const verdict = await labs.topicRequests.check(request('x', { name: `labs-${suffix}.feed`, partitions: 13 }));
    expect(verdict.policy.scope).toBe('team');
    expect(verdict.violations.map((violation) => violation.rule)).toEqual(['name-pattern', 'max-partitions']);
    expect((await errorOf(member.topicPolicies.set({ clusterId, rules: {} }))).code).toBe('FORBIDDEN');
    expect((await errorOf(operator.topicPolicies.set({ clusterId, rules: {} }))).code).toBe('FORBIDDEN');
    const policy = (await labs.topicPolicies.list()).find((listed) => listed.teamId === team.id)!;
    await admin.topicPolicies.delete({ policyId: policy.id });
    expect((await labs.topicRequests.check(request('x', { name: `labs-${suffix}.feed` }))).policy.scope).toBe('cluster');
    const audit = await admin.audit.list({ resource: `team labs-${suffix}` });
    expect(audit.rows.map((row) => [row.action, row.outcome])).toEqual([
      ['policy.delete', 'succeeded'],
      ['policy.set', 'succeeded'],
    ]);
  });

  it('refuses to submit a request that breaks a rule, and a name already taken on the cluster or by a pending request', async () => {
    const refused = await errorOf(member.topicRequests.create(request('too-big', { partitions: 50 })));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/Rule "maximum partitions": 50 partitions; at most 12\./);
    const { id } = await member.topicRequests.create(request('taken'));
    const takenByRequest = await errorOf(teammate.topicRequests.create(request('taken')));
    expect(takenByRequest.message).toMatch(new RegExp(`Name taken: request #${id} by member_\\w+ \\(pending\\) already asks for`));
    await operator.topics.create({ clusterId, name: `${prefix}existing`, partitions: 1, replicationFactor: 1 });
    expect((await member.topicRequests.check(request('existing'))).problems).toEqual([
      { key: 'name', message: `Name taken: a topic named ${prefix}existing already exists on this cluster.` },
    ]);
    await member.topicRequests.cancel({ requestId: id });
  });

  it('provisions an approved request with validate_only first: pending -> approved -> provisioning -> created, audited and notified', async () => {
    const { id } = await member.topicRequests.create(
      request('orders', { configs: { 'retention.ms': String(3 * DAY_MS), 'cleanup.policy': 'delete' } }),
    );
    expect((await errorOf(member.topicRequests.approve({ requestId: id }))).code).toBe('FORBIDDEN');
    const approved = await operator.topicRequests.approve({ requestId: id, partitions: 4, retentionMs: 2 * DAY_MS, comment: 'fewer days' });
    expect(approved).toMatchObject({
      state: 'created',
      partitions: 4,
      adjustments: { partitions: { from: 2, to: 4 }, 'retention.ms': { from: String(3 * DAY_MS), to: String(2 * DAY_MS) } },
    });
    const topic = await operator.topics.get({ clusterId, name: `${prefix}orders` });
    expect(topic.partitions).toHaveLength(4);
    const configs = await operator.topics.configs({ clusterId, name: `${prefix}orders` });
    expect(configs.groups.flatMap((group) => group.configs).find((config) => config.name === 'retention.ms')?.value).toBe(
      String(2 * DAY_MS),
    );
    const detail = await member.topicRequests.get({ requestId: id });
    expect(detail.events.map((event) => event.step)).toEqual(['pending', 'approved', 'provisioning', 'created']);
    expect(detail.events[1].message).toMatch(/partitions 2 -> 4, retention\.ms 259200000 -> 172800000.*Comment: fewer days/);
    const notes = await member.notifications.list({});
    expect(notes.unreadCount).toBeGreaterThanOrEqual(2);
    expect(notes.rows.slice(0, 2).map((note) => note.message)).toEqual([
      expect.stringMatching(new RegExp(`Request #${id} .* is done`)),
      expect.stringMatching(new RegExp(`Request #${id} .* was approved with changes by operator_`)),
    ]);
    await member.notifications.markRead({});
    expect((await member.notifications.list({})).unreadCount).toBe(0);
    const audit = await admin.audit.list({ resource: `${prefix}orders` });
    expect(audit.rows.map((row) => [row.action, row.outcome]).reverse()).toEqual([
      ['request.create', 'succeeded'],
      ['request.approve', 'succeeded'],
      ['request.provision', 'succeeded'],
      ['topic.create', 'succeeded'],
    ]);
  });

  it('rejects with a comment, and a decided request cannot be approved, rejected or cancelled again', async () => {
    const { id } = await member.topicRequests.create(request('rejected'));
    expect((await errorOf(operator.topicRequests.reject({ requestId: id, comment: '' }))).code).toBe('BAD_REQUEST');
    const rejected = await operator.topicRequests.reject({ requestId: id, comment: 'use shop.orders instead' });
    expect(rejected).toMatchObject({ state: 'rejected', decisionComment: 'use shop.orders instead' });
    expect((await errorOf(otherOperator.topicRequests.approve({ requestId: id }))).message).toMatch(/is rejected/);
    expect((await errorOf(otherOperator.topicRequests.reject({ requestId: id, comment: 'again' }))).code).toBe('CONFLICT');
    expect((await errorOf(member.topicRequests.cancel({ requestId: id }))).code).toBe('CONFLICT');
    expect((await member.notifications.list({})).rows[0].message).toMatch(/was rejected by operator_\w+: use shop\.orders instead/);
    // The name is free again once the request is decided.
    expect((await member.topicRequests.check(request('rejected'))).problems).toEqual([]);
  });

  it('lets only the requester cancel, and only while pending', async () => {
    const { id } = await member.topicRequests.create(request('cancelled'));
    expect((await errorOf(teammate.topicRequests.cancel({ requestId: id }))).code).toBe('FORBIDDEN');
    expect((await member.topicRequests.cancel({ requestId: id })).state).toBe('cancelled');
    expect((await errorOf(operator.topicRequests.approve({ requestId: id }))).code).toBe('CONFLICT');
    const { events } = await member.topicRequests.get({ requestId: id });
    expect(events.map((event) => event.step)).toEqual(['pending', 'cancelled']);
  });

  it('lets exactly one of two approvers at once win', async () => {
    const { id } = await member.topicRequests.create(request('race'));
    const outcomes = await Promise.allSettled([
      operator.topicRequests.approve({ requestId: id }),
      otherOperator.topicRequests.approve({ requestId: id }),
      otherOperator.topicRequests.reject({ requestId: id, comment: 'late' }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((candidate) => candidate.status === 'rejected'))
      expect(((outcome as PromiseRejectedResult).reason as TRPCError).code).toBe('CONFLICT');
    const { request: stored, events } = await member.topicRequests.get({ requestId: id });
    expect(stored.state === 'created' || stored.state === 'rejected').toBe(true);
    expect(events.filter((event) => ['approved', 'rejected'].includes(event.step))).toHaveLength(1);
  });

  it('re-checks the policy at approval: a rule changed since submit is refused, named, unless adjusted or accepted as an exception', async () => {
    const team = await admin.teams.create({ name: `late-${suffix}`, prefixes: [`late-${suffix}.`] });
    const late = await runtime.callerAs('member', { teamId: team.id });
    const { id } = await late.topicRequests.create(request('x', { name: `late-${suffix}.events`, partitions: 8 }));
    await admin.topicPolicies.set({ clusterId, teamId: team.id, rules: { maxPartitions: 4, maxRetentionMs: DAY_MS } });
    const detail = await operator.topicRequests.get({ requestId: id });
    expect(detail.verdictNow?.violations.map((violation) => violation.rule)).toEqual(['max-partitions', 'retention-bounds']);
    const refused = await errorOf(operator.topicRequests.approve({ requestId: id }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toMatch(/Re-checked at approval: Rule "maximum partitions": 8 partitions; at most 4\. Rule "retention bounds"/);
    expect((await late.topicRequests.get({ requestId: id })).request.state).toBe('pending');
    // Adjusting partitions fixes one rule; accepting the other as an exception is explicit and recorded.
    expect((await errorOf(operator.topicRequests.approve({ requestId: id, partitions: 4 }))).message).not.toMatch(/maximum partitions/);
    const approved = await operator.topicRequests.approve({ requestId: id, partitions: 4, acceptViolations: true });
    expect(approved.state).toBe('created');
    const { events } = await late.topicRequests.get({ requestId: id });
    expect(events.map((event) => event.step)).toEqual(['pending', 'note', 'note', 'approved', 'provisioning', 'created']);
    expect(events[3].message).toMatch(/as an exception to 1 policy rule/);
  });

  it('shows members their team’s requests and operators all, with the pending queue oldest first', async () => {
    const first = await member.topicRequests.create(request('queue-1'));
    const second = await teammate.topicRequests.create(request('queue-2'));
    const theirs = await outsider.topicRequests.create(request('x', { name: `ads-${suffix}.clicks` }));
    const memberView = await member.topicRequests.list({});
    expect(memberView.rows.every((row) => row.topicName.startsWith(prefix))).toBe(true);
    expect(memberView.rows.map((row) => row.id)).toContain(second.id);
    expect((await errorOf(member.topicRequests.get({ requestId: theirs.id }))).code).toBe('NOT_FOUND');
    expect((await member.topicRequests.list({ view: 'mine' })).rows.map((row) => row.id)).not.toContain(second.id);
    const queue = await operator.topicRequests.list({ view: 'queue' });
    const ids = queue.rows.map((row) => row.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(theirs.id));
    expect(queue.rows.every((row) => row.state === 'pending')).toBe(true);
    expect((await errorOf(member.topicRequests.approve({ requestId: first.id }))).code).toBe('FORBIDDEN');
    const viewer = await runtime.callerAs('viewer');
    expect((await errorOf(viewer.topicRequests.list({}))).code).toBe('FORBIDDEN');
    for (const caller of [member, teammate, outsider])
      for (const row of (await caller.topicRequests.list({ view: 'mine', state: 'pending' })).rows)
        await caller.topicRequests.cancel({ requestId: row.id });
  });

  it('changes retention at once within the policy, and turns other changes into requests that provision on approval', async () => {
    const name = `${prefix}changes`;
    const configs = { 'retention.ms': String(2 * DAY_MS), 'retention.bytes': String(512 * MIB) };
    await operator.topics.create({ clusterId, name, partitions: 1, replicationFactor: 1, configs });
    const direct = await member.topicRequests.createChange({ clusterId, name, configs: { 'retention.ms': String(3 * DAY_MS) } });
    expect(direct).toMatchObject({ applied: true, requestId: null });
    const retention = async () =>
      (await operator.topics.configs({ clusterId, name })).groups
        .flatMap((group) => group.configs)
        .find((config) => config.name === 'retention.ms')?.value;
    expect(await retention()).toBe(String(3 * DAY_MS));
    const outside = await member.topicRequests.createChange({ clusterId, name, configs: { 'retention.ms': String(30 * DAY_MS) } });
    expect(outside.applied).toBe(false);
    expect(outside.verdict.violations.map((violation) => violation.rule)).toEqual(['retention-bounds']);
    expect(await retention()).toBe(String(3 * DAY_MS));
    await operator.topicRequests.reject({ requestId: outside.requestId!, comment: 'a week at most' });
    const more = await member.topicRequests.createChange({ clusterId, name, partitions: 3 });
    expect(more.applied).toBe(false);
    const done = await operator.topicRequests.approve({ requestId: more.requestId! });
    expect(done.state).toBe('created');
    expect((await operator.topics.get({ clusterId, name })).partitions).toHaveLength(3);
    expect((await errorOf(member.topicRequests.createChange({ clusterId, name, partitions: 2 }))).message).toMatch(
      /cannot remove partitions/,
    );
    expect((await errorOf(outsider.topicRequests.createChange({ clusterId, name, partitions: 5 }))).code).toBe('FORBIDDEN');
    const audit = await admin.audit.list({ resource: name });
    expect(audit.rows.map((row) => row.action)).toEqual(
      expect.arrayContaining(['topic.alterConfigs', 'request.createChange', 'request.reject', 'request.approve', 'topic.createPartitions']),
    );
  });
});

describe.each(databaseKinds)('provisioning while the cluster is down on %s', (kind) => {
  let downCluster: BuiltInTestCluster;
  let runtime: TestRuntime;
  beforeAll(async () => {
    downCluster = await startBuiltInTestCluster();
    runtime = await createTestRuntime(kind, { cluster: downCluster });
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
    await downCluster?.stop();
  });

  it('fails the request with the cluster’s error, creates nothing, and a retry provisions it once the cluster is back', async () => {
    const admin = await runtime.callerAs('admin');
    const team = await admin.teams.create({ name: 'down', prefixes: ['down.'] });
    const member = await runtime.callerAs('member', { teamId: team.id });
    const operator = await runtime.callerAs('operator');
    const { id } = await member.topicRequests.create({ clusterId, name: 'down.events', partitions: 1, replicationFactor: 1 });
    await downCluster.broker.stop();
    const receiver = await startWebhookReceiver();
    await admin.webhooks.create({ name: 'requests', url: receiver.url });
    const failed = await operator.topicRequests.approve({ requestId: id });
    expect(failed.state).toBe('failed');
    // The requester also hears through the alert webhooks: approved, then failed.
    await runtime.webhooks.deliverDue();
    const sent = (await receiver.waitForRequests(2, 30_000)).map((received) => JSON.parse(received.body));
    await receiver.close();
    expect(sent.map((body) => [body.event, body.data.requestId])).toEqual([
      ['topicRequest.approved', id],
      ['topicRequest.failed', id],
    ]);
    expect(sent[1].links[0].url).toMatch(new RegExp(`/requests/${id}$`));
    expect(failed.error).toBeTruthy();
    expect((await member.notifications.list({})).rows[0].message).toMatch(/failed to provision/);
    await downCluster.broker.restart();
    // The console reconnects on its next call; a call racing the restart may still see the refusal.
    const topicCount = async () => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return (await operator.topics.list({ clusterId, search: 'down.events' })).totalCount;
        } catch (error) {
          if (attempt >= 30) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    };
    expect(await topicCount()).toBe(0);
    const retried = await operator.topicRequests.retry({ requestId: id });
    expect(retried).toMatchObject({ state: 'created', error: null });
    expect(await topicCount()).toBe(1);
    const { events } = await member.topicRequests.get({ requestId: id });
    expect(events.map((event) => event.step)).toEqual(['pending', 'approved', 'provisioning', 'failed', 'provisioning', 'created']);
    const audit = await admin.audit.list({ resource: 'down.events' });
    expect(audit.rows.map((row) => [row.action, row.outcome]).reverse()).toEqual([
      ['request.create', 'succeeded'],
      ['request.approve', 'succeeded'],
      ['request.provision', 'failed'],
      ['request.retry', 'succeeded'],
      ['request.provision', 'succeeded'],
      ['topic.create', 'succeeded'],
    ]);
  }, 180_000);
});
