import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { buildRecordBatch, type RecordToBuild } from '../protocol/record-batch-builder.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { adminChangeChannel } from '../topics/admin-change-log.ts';

// Its own broker: dynamic broker defaults change every topic, so other test files must not share it.
let fixture: TestBroker;
let client: ProtocolTestClient;

beforeAll(async () => {
  fixture = await startTestBroker({ retentionCheckIntervalMs: 100, topicConfigDefaults: { 'segment.ms': '3600000' } });
  client = await fixture.connect();
});
afterAll(async () => fixture.stop());

const TOPIC = 2;
const BROKER = 4;
const [SET, DELETE, APPEND, SUBTRACT] = [0, 1, 2, 3];
const Source = { TOPIC: 1, BROKER: 2, DEFAULT_BROKER: 3, STATIC: 4, DEFAULT: 5 };

interface Described {
  name: string;
  value: string;
  readOnly: boolean;
  configSource: number;
  synonyms: Array<{ name: string; value: string; source: number }>;
}

async function createTopic(name: string, configs: Record<string, string> = {}): Promise<void> {
  const response = await client.request(19, 7, {
    topics: [
      {
        name,
        numPartitions: 1,
        replicationFactor: -1,
        assignments: [],
        configs: Object.entries(configs).map(([n, value]) => ({ name: n, value })),
      },
    ],
    timeoutMs: 5000,
    validateOnly: false,
  });
  expect(response.topics[0].errorCode).toBe(0);
}

async function alterBroker(resourceName: string, configs: Array<[string, number, string | null]>, validateOnly = false) {
  const response = await client.request(44, 1, {
    resources: [
      { resourceType: BROKER, resourceName, configs: configs.map(([name, configOperation, value]) => ({ name, configOperation, value })) },
    ],
    validateOnly,
  });
  return response.responses[0] as { errorCode: number; errorMessage: string | null };
}

async function describeResource(resourceType: number, resourceName: string): Promise<Map<string, Described>> {
  const response = await client.request(32, 4, {
    resources: [{ resourceType, resourceName, configurationKeys: null }],
    includeSynonyms: true,
    includeDocumentation: false,
  });
  expect(response.results[0].errorCode).toBe(0);
  return new Map(response.results[0].configs.map((config: Described) => [config.name, config]));
}

function produce(topic: string, records: RecordToBuild[]) {
  return client
    .request(0, 9, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 5000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records: buildRecordBatch({ records }) }] }],
    })
    .then((response) => response.responses[0].partitionResponses[0]);
}

async function earliestOffset(topic: string): Promise<bigint> {
  const response = await client.request(2, 7, {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -2n, maxNumOffsets: 1 }] }],
  });
  return response.topics[0].partitions[0].offset;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sources = (config: Described | undefined) => config?.synonyms.map((synonym) => `${synonym.source}:${synonym.name}=${synonym.value}`);

describe('dynamic broker configs', () => {
  it('sets cluster-wide and per-broker defaults with Kafka precedence, as DescribeConfigs shows for brokers and topics', async () => {
    await createTopic('inherits');
    await createTopic('overrides', { 'retention.ms': '1000' });
    expect(await alterBroker('', [['log.retention.ms', SET, '7200000']])).toMatchObject({ errorCode: 0 });

    const clusterDefault = await describeResource(BROKER, '');
    expect([...clusterDefault.keys()]).toEqual(['log.retention.ms']);
    expect(clusterDefault.get('log.retention.ms')).toMatchObject({
      value: '7200000',
      configSource: Source.DEFAULT_BROKER,
      readOnly: false,
    });
    let topic = (await describeResource(TOPIC, 'inherits')).get('retention.ms');
    expect(topic).toMatchObject({ value: '7200000', configSource: Source.DEFAULT_BROKER });
    expect(sources(topic)).toEqual(['3:log.retention.ms=7200000', '5:log.retention.ms=604800000']);

    expect(await alterBroker('1', [['log.retention.ms', SET, '3600000']])).toMatchObject({ errorCode: 0 });
    const thisBroker = await describeResource(BROKER, '1');
    expect(thisBroker.get('log.retention.ms')).toMatchObject({ value: '3600000', configSource: Source.BROKER, readOnly: false });
    expect(sources(thisBroker.get('log.retention.ms'))).toEqual([
      '2:log.retention.ms=3600000',
      '3:log.retention.ms=7200000',
      '5:log.retention.ms=604800000',
    ]);
    expect(thisBroker.get('log.roll.ms')).toMatchObject({ value: '3600000', configSource: Source.STATIC });
    expect(thisBroker.get('num.partitions')).toMatchObject({ readOnly: true });
    topic = (await describeResource(TOPIC, 'inherits')).get('retention.ms');
    expect(topic).toMatchObject({ value: '3600000', configSource: Source.BROKER });
    const overridden = (await describeResource(TOPIC, 'overrides')).get('retention.ms');
    expect(overridden).toMatchObject({ value: '1000', configSource: Source.TOPIC });
    expect(sources(overridden)).toEqual([
      '1:retention.ms=1000',
      '2:log.retention.ms=3600000',
      '3:log.retention.ms=7200000',
      '5:log.retention.ms=604800000',
    ]);
    // The cluster-default view never shows per-broker values.
    expect(sources((await describeResource(BROKER, '')).get('log.retention.ms'))).toEqual([
      '3:log.retention.ms=7200000',
      '5:log.retention.ms=604800000',
    ]);

    expect(await alterBroker('1', [['log.retention.ms', DELETE, null]])).toMatchObject({ errorCode: 0 });
    expect((await describeResource(TOPIC, 'inherits')).get('retention.ms')).toMatchObject({
      value: '7200000',
      configSource: Source.DEFAULT_BROKER,
    });
    expect(await alterBroker('', [['log.retention.ms', DELETE, null]])).toMatchObject({ errorCode: 0 });
    expect((await describeResource(TOPIC, 'inherits')).get('retention.ms')).toMatchObject({
      value: '604800000',
      configSource: Source.DEFAULT,
    });
    expect((await describeResource(BROKER, '')).size).toBe(0);
  });

  it('refuses static configs, bad values and other broker ids as Kafka does, and validate_only changes nothing', async () => {
    const staticConfig = await alterBroker('1', [
      ['log.retention.ms', SET, '1000'],
      ['num.partitions', SET, '3'],
    ]);
    expect(staticConfig).toEqual({
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: 'Cannot update these configs dynamically: [num.partitions]',
      resourceType: BROKER,
      resourceName: '1',
    });
    const badValue = await alterBroker('', [['log.retention.ms', SET, 'soon']]);
    expect(badValue.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(badValue.errorMessage).toContain('Invalid value soon for configuration log.retention.ms');
    expect((await alterBroker('', [['log.cleanup.policy', SET, 'delete,shred']])).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect((await alterBroker('', [['log.retention.ms', APPEND, '5']])).errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect((await alterBroker('2', [['log.retention.ms', SET, '1000']])).errorMessage).toContain(
      'Unexpected broker id, expected 1 or empty string, but received 2',
    );
    expect(await alterBroker('', [['log.retention.ms', SET, '1000']], true)).toMatchObject({ errorCode: 0 });
    expect((await describeResource(BROKER, '1')).get('log.retention.ms')?.configSource).toBe(Source.DEFAULT);
  });

  it('appends to and subtracts from list configs starting from the scope value, and AlterConfigs replaces a whole scope', async () => {
    expect(await alterBroker('', [['log.cleanup.policy', APPEND, 'compact']])).toMatchObject({ errorCode: 0 });
    expect((await describeResource(BROKER, '')).get('log.cleanup.policy')?.value).toBe('delete,compact');
    expect(
      await alterBroker('', [
        ['log.cleanup.policy', SUBTRACT, 'delete'],
        ['log.segment.bytes', SET, '2097152'],
      ]),
    ).toMatchObject({ errorCode: 0 });
    expect((await describeResource(BROKER, '')).get('log.cleanup.policy')?.value).toBe('compact');

    const response = await client.request(33, 2, {
      resources: [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.retention.bytes', value: '1048576' }] }],
      validateOnly: false,
    });
    expect(response.responses[0].errorCode).toBe(0);
    expect([...(await describeResource(BROKER, '')).keys()]).toEqual(['log.retention.bytes']);
    await client.request(33, 2, { resources: [{ resourceType: BROKER, resourceName: '', configs: [] }], validateOnly: false });
    expect((await describeResource(BROKER, '')).size).toBe(0);
  });

  it('applies a lowered message.max.bytes default at once to topics without their own limit', async () => {
    await createTopic('default-limit');
    await createTopic('own-limit', { 'max.message.bytes': '100000' });
    expect((await produce('default-limit', [{ value: 'x'.repeat(500) }])).errorCode).toBe(0);
    expect(await alterBroker('', [['message.max.bytes', SET, '200']])).toMatchObject({ errorCode: 0 });
    expect((await produce('default-limit', [{ value: 'x'.repeat(500) }])).errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect((await produce('own-limit', [{ value: 'x'.repeat(500) }])).errorCode).toBe(0);
    expect(await alterBroker('', [['message.max.bytes', DELETE, null]])).toMatchObject({ errorCode: 0 });
    expect((await produce('default-limit', [{ value: 'x'.repeat(500) }])).errorCode).toBe(0);
  });

  it('applies a log.retention.ms default to existing topics: old segments are deleted in the background', async () => {
    await createTopic('expiring-by-default', { 'segment.ms': '1', 'file.delete.delay.ms': '0' });
    const oldMs = Date.now() - 3_600_000;
    for (let i = 0; i < 3; i++)
      expect((await produce('expiring-by-default', [{ value: `v${i}`, timestampMs: oldMs + i }])).errorCode).toBe(0);
    expect(await earliestOffset('expiring-by-default')).toBe(0n);
    expect(await alterBroker('1', [['log.retention.ms', SET, '60000']])).toMatchObject({ errorCode: 0 });
    await waitFor(async () => (await earliestOffset('expiring-by-default')) === 3n);
    expect(await alterBroker('1', [['log.retention.ms', DELETE, null]])).toMatchObject({ errorCode: 0 });
  });

  it('records each change as an admin change', async () => {
    const seen: unknown[] = [];
    const listener = (event: unknown) => seen.push(event);
    adminChangeChannel.subscribe(listener);
    try {
      expect(await alterBroker('', [['log.flush.interval.messages', SET, '1000']])).toMatchObject({ errorCode: 0 });
    } finally {
      adminChangeChannel.unsubscribe(listener);
    }
    expect(seen).toEqual([
      expect.objectContaining({
        action: 'broker.alterConfigs',
        resource: '',
        parameters: { scope: 'default', before: {}, after: { 'log.flush.interval.messages': '1000' } },
      }),
    ]);
    expect(await alterBroker('', [['log.flush.interval.messages', DELETE, null]])).toMatchObject({ errorCode: 0 });
  });

  it('keeps both scopes across a restart and applies them to the reopened logs', async () => {
    await createTopic('after-restart');
    expect(
      await alterBroker('', [
        ['log.retention.ms', SET, '7200000'],
        ['message.max.bytes', SET, '300'],
      ]),
    ).toMatchObject({ errorCode: 0 });
    expect(await alterBroker('1', [['log.retention.ms', SET, '3600000']])).toMatchObject({ errorCode: 0 });
    await fixture.restart();
    client = await fixture.connect();
    const topic = await describeResource(TOPIC, 'after-restart');
    expect(topic.get('retention.ms')).toMatchObject({ value: '3600000', configSource: Source.BROKER });
    expect(topic.get('max.message.bytes')).toMatchObject({ value: '300', configSource: Source.DEFAULT_BROKER });
    expect((await describeResource(BROKER, '')).get('log.retention.ms')?.value).toBe('7200000');
    expect((await produce('after-restart', [{ value: 'x'.repeat(500) }])).errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect(
      await alterBroker('', [
        ['log.retention.ms', DELETE, null],
        ['message.max.bytes', DELETE, null],
      ]),
    ).toMatchObject({ errorCode: 0 });
    expect(await alterBroker('1', [['log.retention.ms', DELETE, null]])).toMatchObject({ errorCode: 0 });
  });
});

describe("Kafka's other dynamic broker configs", () => {
  it('accepts and describes sasl.kerberos.min.time.before.relogin for this broker, refusing it at the cluster default', async () => {
    expect(await alterBroker('1', [['sasl.kerberos.min.time.before.relogin', SET, '120000']])).toMatchObject({ errorCode: 0 });
    const described = (await describeResource(BROKER, '1')).get('sasl.kerberos.min.time.before.relogin');
    expect(described).toMatchObject({ value: '120000', readOnly: false, configSource: Source.BROKER });
    expect(described?.synonyms).toEqual([
      { name: 'sasl.kerberos.min.time.before.relogin', value: '120000', source: Source.BROKER },
      { name: 'sasl.kerberos.min.time.before.relogin', value: '60000', source: Source.DEFAULT },
    ]);
    expect(await alterBroker('', [['sasl.kerberos.min.time.before.relogin', SET, '120000']])).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage:
        'Cannot update these configs at default cluster level, broker id must be specified: [sasl.kerberos.min.time.before.relogin]',
    });
    expect(await alterBroker('1', [['sasl.kerberos.min.time.before.relogin', SET, 'abc']])).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: 'Invalid value abc for configuration sasl.kerberos.min.time.before.relogin: Not a number of type LONG',
    });
    expect(await alterBroker('1', [['sasl.kerberos.min.time.before.relogin', DELETE, null]])).toMatchObject({ errorCode: 0 });
  });

  it('validates cluster-wide configs with Kafka messages and keeps listener-only SSL stores and custom names as Kafka does', async () => {
    expect(await alterBroker('1', [['num.io.threads', SET, '0']])).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: 'Invalid value 0 for configuration num.io.threads: Value must be at least 1',
    });
    expect(await alterBroker('', [['num.io.threads', SET, '4']])).toMatchObject({ errorCode: 0 });
    expect((await describeResource(BROKER, '')).get('num.io.threads')).toMatchObject({ value: '4', configSource: Source.DEFAULT_BROKER });
    expect(await alterBroker('1', [['ssl.keystore.password', SET, 'secret']])).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage:
        'These security configs can be dynamically updated only per-listener using the listener prefix: [ssl.keystore.password]',
    });
    // Kafka stores configs it does not know (plugins read them); static ones stay refused.
    expect(await alterBroker('1', [['custom.plugin.setting', SET, 'on']])).toMatchObject({ errorCode: 0 });
    expect((await alterBroker('1', [['log.dirs', SET, '/tmp']])).errorMessage).toBe('Cannot update these configs dynamically: [log.dirs]');
    const password = (await describeResource(BROKER, '1')).get('sasl.jaas.config') as Described & { isSensitive: boolean };
    expect(password).toMatchObject({ value: null, isSensitive: true, synonyms: [] });
    expect(await alterBroker('', [['num.io.threads', DELETE, null]])).toMatchObject({ errorCode: 0 });
    expect(await alterBroker('1', [['custom.plugin.setting', DELETE, null]])).toMatchObject({ errorCode: 0 });
  });
});

describe('GROUP config resources', () => {
  const GROUP = 32;
  const GROUP_CONFIG = 8;
  async function alterGroup(resourceName: string, configs: Array<[string, number, string | null]>) {
    const response = await client.request(44, 1, {
      resources: [
        { resourceType: GROUP, resourceName, configs: configs.map(([name, configOperation, value]) => ({ name, configOperation, value })) },
      ],
      validateOnly: false,
    });
    return response.responses[0] as { errorCode: number; errorMessage: string | null };
  }

  it('describes every group config of any group, the broker default as synonym', async () => {
    const configs = await describeResource(GROUP, 'no-such-group-yet');
    expect(configs.size).toBe(17);
    expect(configs.get('consumer.session.timeout.ms')).toMatchObject({
      value: '45000',
      readOnly: false,
      configSource: Source.DEFAULT,
      synonyms: [{ name: 'group.consumer.session.timeout.ms', value: '45000', source: Source.DEFAULT }],
    });
    expect(configs.get('share.auto.offset.reset')).toMatchObject({ value: 'latest', configSource: Source.DEFAULT });
  });

  it('sets, validates with Kafka messages, deletes and keeps group configs across a restart', async () => {
    expect(await alterGroup('billing', [['consumer.session.timeout.ms', SET, '50000']])).toMatchObject({ errorCode: 0 });
    const refusals: Array<[Array<[string, number, string | null]>, number, string]> = [
      [
        [['consumer.session.timeout.ms', SET, '1']],
        ErrorCode.INVALID_CONFIG,
        'consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms',
      ],
      [
        [['consumer.heartbeat.interval.ms', SET, '60000']],
        ErrorCode.INVALID_CONFIG,
        'consumer.heartbeat.interval.ms must be less than or equal to group.consumer.max.heartbeat.interval.ms',
      ],
      [[['consumer.nope', SET, '1']], ErrorCode.INVALID_CONFIG, 'Unknown group config name: consumer.nope'],
      [
        [['consumer.session.timeout.ms', SET, 'abc']],
        ErrorCode.INVALID_CONFIG,
        'Invalid value abc for configuration consumer.session.timeout.ms: Not a number of type INT',
      ],
      [
        [['consumer.session.timeout.ms', APPEND, '5']],
        ErrorCode.INVALID_CONFIG,
        "Can't APPEND to key consumer.session.timeout.ms because its type is not LIST.",
      ],
    ];
    for (const [configs, errorCode, errorMessage] of refusals)
      expect(await alterGroup('billing', configs)).toMatchObject({ errorCode, errorMessage });
    expect(await alterGroup('', [['consumer.session.timeout.ms', SET, '50000']])).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: 'Default group resources are not allowed.',
    });
    await fixture.restart();
    client = await fixture.connect();
    expect((await describeResource(GROUP, 'billing')).get('consumer.session.timeout.ms')).toMatchObject({
      value: '50000',
      configSource: GROUP_CONFIG,
      synonyms: [
        { name: 'consumer.session.timeout.ms', value: '50000', source: GROUP_CONFIG },
        { name: 'group.consumer.session.timeout.ms', value: '45000', source: Source.DEFAULT },
      ],
    });
    expect(await alterGroup('billing', [['consumer.session.timeout.ms', DELETE, null]])).toMatchObject({ errorCode: 0 });
    expect((await describeResource(GROUP, 'billing')).get('consumer.session.timeout.ms')?.configSource).toBe(Source.DEFAULT);
  });
});

describe('DescribeClientQuotas', () => {
  async function describeQuotas(components: Array<{ entityType: string; matchType: number; match: string | null }>, version = 1) {
    return client.request(48, version, { components, strict: false }) as Promise<{
      errorCode: number;
      errorMessage: string | null;
      entries: unknown[] | null;
    }>;
  }

  it('answers every valid filter with no quotas, since none are stored or enforced', async () => {
    expect(await describeQuotas([{ entityType: 'user', matchType: 2, match: null }])).toMatchObject({ errorCode: 0, entries: [] });
    expect(
      await describeQuotas(
        [
          { entityType: 'user', matchType: 0, match: 'alice' },
          { entityType: 'client-id', matchType: 1, match: null },
        ],
        0,
      ),
    ).toMatchObject({ errorCode: 0, entries: [] });
  });

  it('refuses malformed filters with Kafka error codes', async () => {
    expect((await describeQuotas([{ entityType: '', matchType: 2, match: null }])).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(
      (
        await describeQuotas([
          { entityType: 'user', matchType: 2, match: null },
          { entityType: 'user', matchType: 1, match: null },
        ])
      ).errorCode,
    ).toBe(ErrorCode.INVALID_REQUEST);
    expect((await describeQuotas([{ entityType: 'user', matchType: 0, match: null }])).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(
      (
        await describeQuotas([
          { entityType: 'ip', matchType: 2, match: null },
          { entityType: 'user', matchType: 2, match: null },
        ])
      ).errorCode,
    ).toBe(ErrorCode.INVALID_REQUEST);
    const unknown = await describeQuotas([{ entityType: 'group', matchType: 2, match: null }]);
    expect(unknown).toMatchObject({ errorCode: ErrorCode.UNSUPPORTED_VERSION, entries: null });
  });
});
