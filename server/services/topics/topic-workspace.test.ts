// Integration: the topic workspace through tRPC against a real built-in broker, with a real producer
// writing and another tool (kafkajs) changing configs behind the console's back.
import { Producer } from '@platformatic/kafka';
import { TRPCError } from '@trpc/server';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerHandle } from '../../../e2e/fixtures/broker-handle.ts';
import { BrokerChangeRecorder } from '../../jobs/broker-change-recorder.ts';
import { startBuiltInTestCluster, type BuiltInTestCluster } from '../../test-support/test-cluster.ts';
import { databaseKinds } from '../../test-support/test-database.ts';
import { createTestRuntime, type TestRuntime } from '../../test-support/test-runtime.ts';

let cluster: BuiltInTestCluster;
let broker: BrokerHandle;
beforeAll(async () => {
  // The external-change history needs the built-in broker's admin-change topic.
  cluster = await startBuiltInTestCluster();
  broker = cluster.broker;
});
afterAll(async () => {
  await broker?.stop();
});

async function produce(topic: string, perPartition: number[]): Promise<void> {
  const producer = new Producer({ clientId: 'workspace-test', bootstrapBrokers: [broker.bootstrap] });
  try {
    const messages = perPartition.flatMap((count, partition) =>
      Array.from({ length: count }, (_, index) => ({
        topic,
        partition,
        key: Buffer.from(`k${index}`),
        value: Buffer.from(`value ${partition}/${index}`),
      })),
    );
    await producer.send({ messages });
  } finally {
    await producer.close();
  }
}

async function errorOf(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe.each(databaseKinds)('topic workspace in %s', (kind) => {
  let runtime: TestRuntime;
  const suffix = `${kind}-${Date.now().toString(36)}`;
  const clusterId = 'built-in';
  beforeAll(async () => {
    runtime = await createTestRuntime(kind, { cluster });
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('checks a new topic with the cluster (validate only) before creating it, naming the refused key', async () => {
    const operator = await runtime.callerAs('operator');
    const name = `ws-check-${suffix}`;
    const { presets } = await operator.topics.configCatalog();
    const compacted = presets.find((preset) => preset.id === 'compacted-state')!;
    const verdict = await operator.topics.check({ clusterId, name, partitions: 2, replicationFactor: 1, configs: compacted.configs });
    expect(verdict).toMatchObject({ ok: true, problems: [] });
    expect(verdict.configs).toEqual(expect.arrayContaining([{ name: 'cleanup.policy', value: 'compact', sensitive: false }]));
    expect((await operator.topics.list({ clusterId, search: name })).totalCount).toBe(0);

    const refused = await operator.topics.check({
      clusterId,
      name,
      partitions: 1,
      replicationFactor: 1,
      configs: { 'retention.flavour': 'vanilla' },
    });
    expect(refused.ok).toBe(false);
    expect(refused.problems[0]).toMatchObject({ key: 'retention.flavour' });
    expect(refused.problems[0].message).toMatch(/retention\.flavour/);
    expect(refused.problems[0].message).not.toMatch(/^Cannot check topic [^:]+: Configuration is invalid\.?$/);

    const typed = await operator.topics.check({ clusterId, name, partitions: 1, replicationFactor: 3, configs: { 'retention.ms': '-7' } });
    expect(typed.problems).toEqual([
      { key: 'retention.ms', message: 'retention.ms must be from -1 to 9223372036854775807 milliseconds.' },
      { key: null, message: 'Replication factor 3 is more than the 1 broker(s) of this cluster.' },
    ]);
  });

  it('shows each partition’s offsets, records, size and last record time as a real producer wrote them', async () => {
    const operator = await runtime.callerAs('operator');
    const name = `ws-layout-${suffix}`;
    await operator.topics.create({ clusterId, name, partitions: 3, replicationFactor: 1 });
    const before = Date.now();
    await produce(name, [5, 0, 12]);
    const topic = await operator.topics.get({ clusterId, name });
    expect(
      topic.partitions.map((partition) => [partition.partition, partition.logStartOffset, partition.endOffset, partition.records]),
    ).toEqual([
      [0, 0, 5, 5],
      [1, 0, 0, 0],
      [2, 0, 12, 12],
    ]);
    expect(topic.totals.records).toBe(17);
    expect(topic.totals.sizeBytes).toBeGreaterThan(0);
    expect(topic.partitions[2].sizeBytes).toBeGreaterThan(topic.partitions[1].sizeBytes!);
    expect(topic.partitions[0].lastRecordTimestampMs).toBeGreaterThanOrEqual(before - 1_000);
    expect(topic.partitions[1].lastRecordTimestampMs).toBeNull();
    expect(topic.partitions.every((partition) => partition.marks.length === 0)).toBe(true);
    expect(topic.brokerLoads).toEqual([{ brokerId: topic.brokers[0].nodeId, leaders: 3, replicas: 3, leaderSkew: false }]);
    expect(topic.retention.cleanupPolicy).toBe('delete');

    const listed = await operator.topics.list({ clusterId, search: name });
    expect(listed.rows[0]).toMatchObject({ name, partitions: 3, records: 17, internal: false, owningTeam: null });
    expect(listed.rows[0].sizeBytes).toBe(topic.totals.sizeBytes);
    expect(listed.rows[0].lastWriteMs).toBe(
      Math.max(topic.partitions[0].lastRecordTimestampMs!, topic.partitions[2].lastRecordTimestampMs!),
    );
    const bySize = await operator.topics.list({ clusterId, search: `ws-`, sortBy: 'records', sortDirection: 'desc' });
    expect(bySize.rows[0].name).toBe(name);
  });

  it('hides internal topics unless asked', async () => {
    const viewer = await runtime.callerAs('viewer');
    const hidden = await viewer.topics.list({ clusterId, search: '__' });
    expect(hidden.rows.every((row) => !row.internal)).toBe(true);
    const shown = await viewer.topics.list({ clusterId, search: '__', includeInternal: true });
    expect(shown.rows.some((row) => row.internal && row.name.startsWith('__'))).toBe(true);
  });

  it('edits retention.ms with a diff, checks it, applies it, and resets it to the default, with history', async () => {
    const operator = await runtime.callerAs('operator');
    const name = `ws-configs-${suffix}`;
    await operator.topics.create({ clusterId, name, partitions: 1, replicationFactor: 1 });
    const initial = await operator.topics.configs({ clusterId, name });
    expect(initial.groups[0].group).toBe('retention');
    expect(initial.groups[0].configs.slice(0, 2).map((config) => config.name)).toEqual(['retention.ms', 'retention.bytes']);
    const retention = initial.groups[0].configs[0];
    expect(retention).toMatchObject({ source: 'default', explanation: expect.stringMatching(/kept/), edit: { kind: 'duration' } });

    const check = await operator.topics.alterConfigs({
      clusterId,
      name,
      validateOnly: true,
      changes: [{ name: 'retention.ms', operation: 'set', value: '3600000' }],
    });
    expect(check).toMatchObject({ ok: true, applied: false, problems: [] });
    expect(check.diff).toEqual([
      {
        key: 'retention.ms',
        oldValue: retention.value,
        oldSource: 'default',
        newValue: '3600000',
        newSource: 'topic override',
        operation: 'set',
      },
    ]);
    expect((await operator.topics.configs({ clusterId, name })).groups[0].configs[0].source).toBe('default');

    const applied = await operator.topics.alterConfigs({
      clusterId,
      name,
      changes: [{ name: 'retention.ms', operation: 'set', value: '3600000' }],
    });
    expect(applied.applied).toBe(true);
    const changed = (await operator.topics.configs({ clusterId, name })).groups[0].configs[0];
    expect(changed).toMatchObject({ name: 'retention.ms', value: '3600000', source: 'topic override', defaultValue: retention.value });

    const reset = await operator.topics.alterConfigs({ clusterId, name, changes: [{ name: 'retention.ms', operation: 'delete' }] });
    expect(reset.diff).toEqual([
      {
        key: 'retention.ms',
        oldValue: '3600000',
        oldSource: 'topic override',
        newValue: retention.value,
        newSource: 'default',
        operation: 'delete',
      },
    ]);
    expect((await operator.topics.configs({ clusterId, name })).groups[0].configs[0]).toMatchObject({
      value: retention.value,
      source: 'default',
    });

    const history = await operator.topics.configHistory({ clusterId, name });
    expect(history.map((entry) => [entry.outcome, entry.diff.map((change) => [change.key, change.oldValue, change.newValue])])).toEqual([
      ['succeeded', [['retention.ms', '3600000', retention.value]]],
      ['succeeded', [['retention.ms', retention.value, '3600000']]],
    ]);
    const audit = await operator.audit.list({ resource: name, action: 'topic.alterConfigs' });
    expect(audit.rows[1].parameters).toMatchObject({ diff: [{ key: 'retention.ms', newValue: '3600000' }] });
    expect(audit.rows[1].after).toMatchObject({ 'retention.ms': { value: '3600000', source: 'topic override' } });
  });

  it('puts a refused value next to its key and changes nothing', async () => {
    const operator = await runtime.callerAs('operator');
    const name = `ws-refused-${suffix}`;
    await operator.topics.create({ clusterId, name, partitions: 1, replicationFactor: 1 });
    const verdict = await operator.topics.alterConfigs({
      clusterId,
      name,
      validateOnly: true,
      changes: [
        { name: 'retention.ms', operation: 'set', value: '86400000' },
        { name: 'cleanup.policy', operation: 'set', value: 'shred' },
      ],
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([
      { key: 'cleanup.policy', message: 'cleanup.policy “shred” is not one of delete, compact, compact,delete.' },
    ]);
    const error = await errorOf(
      operator.topics.alterConfigs({ clusterId, name, changes: [{ name: 'cleanup.policy', operation: 'set', value: 'shred' }] }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect((await operator.audit.list({ resource: name, action: 'topic.alterConfigs' })).totalCount).toBe(0);
  });

  it('refuses topic config names Kafka does not have, naming them, and overlong or too many configs', async () => {
    const operator = await runtime.callerAs('operator');
    const name = `ws-unknown-config-${suffix}`;
    const typo = await errorOf(
      operator.topics.create({ clusterId, name, partitions: 1, replicationFactor: 1, configs: { 'retention.msx': '1000' } }),
    );
    expect(typo.code).toBe('BAD_REQUEST');
    expect(typo.message).toContain('“retention.msx” is not a Kafka topic config the console knows (did you mean retention.ms?)');
    expect((await operator.topics.list({ clusterId, search: name })).totalCount).toBe(0);

    await operator.topics.create({ clusterId, name, partitions: 1, replicationFactor: 1 });
    const checked = await operator.topics.alterConfigs({
      clusterId,
      name,
      validateOnly: true,
      changes: [{ name: 'x.secret.backdoor', operation: 'set', value: 'on' }],
    });
    expect(checked).toMatchObject({ ok: false, applied: false });
    expect(checked.problems).toEqual([
      {
        key: 'x.secret.backdoor',
        message: '“x.secret.backdoor” is not a Kafka topic config the console knows; it sends only the configs listed in the form.',
      },
    ]);
    const refused = await errorOf(
      operator.topics.alterConfigs({ clusterId, name, changes: [{ name: 'x.secret.backdoor', operation: 'delete' }] }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain('“x.secret.backdoor”');

    const overlong = await errorOf(
      operator.topics.alterConfigs({ clusterId, name, changes: [{ name: 'retention.ms', operation: 'set', value: '1'.repeat(10_001) }] }),
    );
    expect(overlong.code).toBe('BAD_REQUEST');
    const tooMany = Object.fromEntries(Array.from({ length: 65 }, (_, index) => [`config.${index}`, '1']));
    const many = await errorOf(
      operator.topics.check({ clusterId, name: `${name}-2`, partitions: 1, replicationFactor: 1, configs: tooMany }),
    );
    expect(many.code).toBe('BAD_REQUEST');
    expect(many.message).toContain('At most 64 configs.');
    expect((await operator.audit.list({ resource: name, action: 'topic.alterConfigs' })).totalCount).toBe(0);
  });

  it('shows config changes other tools made over the protocol in the topic’s history', async () => {
    const operator = await runtime.callerAs('operator');
    const name = `ws-external-${suffix}`;
    await operator.topics.create({ clusterId, name, partitions: 1, replicationFactor: 1 });
    const admin = new kafkajs.Kafka({ clientId: 'ops-script', brokers: [broker.bootstrap], logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name, configEntries: [{ name: 'segment.ms', value: '7200000' }] }],
      });
    } finally {
      await admin.disconnect();
    }
    const recorder = new BrokerChangeRecorder({
      db: runtime.db,
      clusterId,
      connection: runtime.config.kafkaConnection,
      log: () => {},
      logError: () => {},
    });
    try {
      await recorder.recordUntilCaughtUp();
    } finally {
      await recorder.stop();
    }
    const history = await operator.topics.configHistory({ clusterId, name });
    expect(history).toEqual([
      expect.objectContaining({
        actorName: 'ops-script',
        actorRole: 'external',
        diff: [{ key: 'segment.ms', oldValue: null, newValue: '7200000' }],
      }),
    ]);
  });

  it('adds partitions and deletes a topic, auditing the records and bytes that went with it', async () => {
    const operator = await runtime.callerAs('operator');
    const name = `ws-grow-${suffix}`;
    await operator.topics.create({ clusterId, name, partitions: 1, replicationFactor: 1 });
    await produce(name, [4]);
    expect(await operator.topics.addPartitions({ clusterId, name, totalPartitions: 2 })).toEqual({ partitions: 2 });
    expect((await errorOf(operator.topics.addPartitions({ clusterId, name, totalPartitions: 2 }))).message).toMatch(/must be larger/);
    expect((await operator.topics.get({ clusterId, name })).partitions).toHaveLength(2);
    await operator.topics.delete({ clusterId, name });
    const audit = await operator.audit.list({ resource: name });
    expect(audit.rows.map((row) => row.action)).toEqual(['topic.delete', 'topic.createPartitions', 'topic.create']);
    expect(audit.rows[0].before).toMatchObject({ partitions: 2, records: 4 });
    expect((audit.rows[0].before as { sizeBytes: number }).sizeBytes).toBeGreaterThan(0);
    expect(audit.rows[1]).toMatchObject({ before: { partitions: 1 }, after: { partitions: 2 } });
    const gone = await errorOf(operator.topics.get({ clusterId, name }));
    expect(gone.code).toBe('NOT_FOUND');
    expect(gone.message).toMatch(/does not exist.*deleted/);
  });

  it('answers the topic pages of an unreachable cluster with an error within the request timeout', async () => {
    const admin = await runtime.callerAs('admin');
    const { id } = await admin.clusters.create({ name: `unreachable ws ${suffix}`, bootstrapServers: '127.0.0.1:1' });
    const started = Date.now();
    for (const call of [
      admin.topics.get({ clusterId: id, name: 'orders' }),
      admin.topics.configs({ clusterId: id, name: 'orders' }),
      admin.topics.list({ clusterId: id }),
    ]) {
      const error = await errorOf(call);
      expect(error.code).toBe('BAD_GATEWAY');
      expect(error.message).toMatch(/^Cannot /);
    }
    // Three calls, each bounded by the client's connect and request timeouts (5 s and 15 s).
    expect(Date.now() - started).toBeLessThan(3 * 20_000);
    await admin.clusters.delete({ clusterId: id });
  });

  it('lets a member edit their team’s topics only', async () => {
    const admin = await runtime.callerAs('admin');
    const prefix = `wsteam-${suffix}.`;
    const team = await admin.teams.create({ name: `ws team ${suffix}`, prefixes: [prefix] });
    const member = await runtime.callerAs('member', { teamId: team.id });
    await member.topics.create({ clusterId, name: `${prefix}orders`, partitions: 1, replicationFactor: 1 });
    expect((await member.topics.get({ clusterId, name: `${prefix}orders` })).owningTeam).toBe(`ws team ${suffix}`);
    const applied = await member.topics.alterConfigs({
      clusterId,
      name: `${prefix}orders`,
      changes: [{ name: 'retention.ms', operation: 'set', value: '60000' }],
    });
    expect(applied.applied).toBe(true);
    const other = `ws-others-${suffix}`;
    await admin.topics.create({ clusterId, name: other, partitions: 1, replicationFactor: 1 });
    expect(
      (await errorOf(member.topics.alterConfigs({ clusterId, name: other, changes: [{ name: 'retention.ms', operation: 'delete' }] })))
        .code,
    ).toBe('FORBIDDEN');
    expect((await errorOf(member.topics.addPartitions({ clusterId, name: other, totalPartitions: 2 }))).code).toBe('FORBIDDEN');
  });
});
