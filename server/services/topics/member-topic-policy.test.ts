// Integration: members' direct topic changes (create, configs, partitions) held to their team's topic policy,
// through tRPC on PGlite against a real built-in broker; operators are not held to it.
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltInTestCluster, type BuiltInTestCluster } from '../../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';

const DAY_MS = 86_400_000;
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

describe('members held to their topic policy on pglite', () => {
  let runtime: TestRuntime;
  let operator: Caller;
  let member: Caller;
  const suffix = Date.now().toString(36);
  const prefix = `pol-${suffix}.`;
  const topic = (name: string, configs: Record<string, string> = {}, partitions = 2) => ({
    clusterId,
    name: `${prefix}${name}`,
    partitions,
    replicationFactor: 1,
    configs: { 'retention.ms': String(2 * DAY_MS), 'cleanup.policy': 'delete', ...configs },
  });
  const exists = async (name: string) => (await operator.topics.list({ clusterId, search: name })).rows.some((row) => row.name === name);
  const retentionOf = async (name: string) =>
    (await operator.topics.configs({ clusterId, name })).groups.flatMap((group) => group.configs).find((c) => c.name === 'retention.ms')
      ?.value;

  beforeAll(async () => {
    runtime = await createTestRuntime('pglite', { cluster });
    const admin = await runtime.callerAs('admin');
    operator = await runtime.callerAs('operator');
    const team = await admin.teams.create({ name: `pol-${suffix}`, prefixes: [prefix] });
    member = await runtime.callerAs('member', { teamId: team.id });
    await admin.topicPolicies.set({
      clusterId,
      rules: { maxPartitions: 4, minRetentionMs: DAY_MS, maxRetentionMs: 7 * DAY_MS, allowedCleanupPolicies: ['delete'] },
    });
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
  });

  it('lets a member create a topic within the policy', async () => {
    await member.topics.create(topic('ok'));
    expect(await exists(`${prefix}ok`)).toBe(true);
  });

  it('refuses a member a new topic that breaks a rule, naming it, and creates nothing', async () => {
    const cases: [ReturnType<typeof topic>, RegExp][] = [
      [topic('wide', {}, 5), /Rule "maximum partitions": 5 partitions; at most 4\./],
      [topic('long', { 'retention.ms': String(30 * DAY_MS) }), /Rule "retention bounds": retention\.ms 30 d is outside the bounds/],
      [topic('compacted', { 'cleanup.policy': 'compact' }), /Rule "allowed cleanup policies": cleanup\.policy compact is not allowed/],
    ];
    for (const [input, rule] of cases) {
      const refused = await errorOf(member.topics.create(input));
      expect(refused.code).toBe('FORBIDDEN');
      expect(refused.message).toMatch(rule);
      expect(refused.message).toMatch(/File a request at \/requests\/new/);
      expect(await exists(input.name)).toBe(false);
      // Refused before anything was attempted: no audit record, as for a name outside the team's prefixes.
      expect((await operator.audit.list({ resource: input.name })).rows).toEqual([]);
    }
    // The create form's check says the same before the member submits.
    const check = await member.topics.check(topic('wide', {}, 5));
    expect(check.ok).toBe(false);
    expect(check.problems.map((problem) => problem.message)).toEqual(['Rule "maximum partitions": 5 partitions; at most 4.']);
  });

  it('refuses a member raising retention past the maximum and leaves the config as it was', async () => {
    const name = `${prefix}ok`;
    const change = { clusterId, name, changes: [{ name: 'retention.ms', operation: 'set' as const, value: String(30 * DAY_MS) }] };
    // The configs page's preview is not refused: the member goes on to file it as a change request.
    expect((await member.topics.alterConfigs({ ...change, validateOnly: true })).ok).toBe(true);
    const refused = await errorOf(member.topics.alterConfigs(change));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/Rule "retention bounds": retention\.ms 30 d is outside the bounds; use from 1 d to 7 d\./);
    expect(refused.message).toMatch(/change request/);
    expect(await retentionOf(name)).toBe(String(2 * DAY_MS));
    // Within the bounds it is applied as before.
    const within = await member.topics.alterConfigs({
      ...change,
      changes: [{ name: 'retention.ms', operation: 'set', value: String(3 * DAY_MS) }],
    });
    expect(within.applied).toBe(true);
    expect(await retentionOf(name)).toBe(String(3 * DAY_MS));
  });

  it('refuses a member more partitions than the policy allows', async () => {
    const name = `${prefix}ok`;
    const refused = await errorOf(member.topics.addPartitions({ clusterId, name, totalPartitions: 5 }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/Rule "maximum partitions": 5 partitions; at most 4\./);
    expect((await operator.topics.get({ clusterId, name })).partitions).toHaveLength(2);
    expect(await member.topics.addPartitions({ clusterId, name, totalPartitions: 4 })).toEqual({ partitions: 4 });
  });

  it('does not hold an operator to the policy', async () => {
    const wide = topic('operator-wide', { 'retention.ms': String(30 * DAY_MS), 'cleanup.policy': 'compact' }, 5);
    await operator.topics.create(wide);
    expect(await exists(wide.name)).toBe(true);
    await operator.topics.alterConfigs({
      clusterId,
      name: `${prefix}ok`,
      changes: [{ name: 'retention.ms', operation: 'set', value: String(30 * DAY_MS) }],
    });
    expect(await retentionOf(`${prefix}ok`)).toBe(String(30 * DAY_MS));
    expect(await operator.topics.addPartitions({ clusterId, name: `${prefix}ok`, totalPartitions: 6 })).toEqual({ partitions: 6 });
  });

  it('lets a member make an unrelated change to a topic that already broke a rule', async () => {
    // The operator's topic above keeps 30 d retention and compaction; a member may still lower segment.ms on it.
    const applied = await member.topics.alterConfigs({
      clusterId,
      name: `${prefix}operator-wide`,
      changes: [{ name: 'segment.ms', operation: 'set', value: String(DAY_MS) }],
    });
    expect(applied.applied).toBe(true);
    const refused = await errorOf(member.topics.addPartitions({ clusterId, name: `${prefix}operator-wide`, totalPartitions: 6 }));
    expect(refused.message).toMatch(/Rule "maximum partitions": 6 partitions; at most 4\./);
  });
});
