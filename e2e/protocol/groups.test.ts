// Consumer groups with real clients: confluent-kafka-python and kafka-python members (separate processes)
// share partitions, take over a killed member's partitions, leave extra members idle, read one topic in two
// groups independently and resume exactly after a broker crash; kafkajs groups; the Java console consumer
// with --group and kafka-consumer-groups --describe / --reset-offsets / --delete.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startBuiltInBroker } from '../fixtures/built-in-broker.ts';
import { interopTarget } from '../fixtures/interop-target.ts';
import { startRealKafka } from '../fixtures/real-kafka.ts';
import { pythonBinary, pythonScriptsDir } from '../fixtures/repo-paths.ts';
import { kafkaTools, runKafkaTool } from '../fixtures/kafka-cli.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { createTopics, uniqueTopicName, withAdmin } from '../fixtures/topic-admin.ts';

type MemberEvent =
  | { event: 'assigned'; partitions: number[] }
  | { event: 'record'; partition: number; offset: number; value: string }
  | { event: 'committed'; partition: number; offset: number }
  | { event: 'error'; error: string }
  | { event: 'closed' };

const SESSION_TIMEOUT_MS = 6000;
const consumerGroupCommand = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';

/** A groups_member.py process and the events it has reported so far. */
class GroupMember {
  readonly events: MemberEvent[] = [];
  private readonly child: ChildProcess;
  private stderrTail = '';

  constructor(
    client: string,
    bootstrap: string,
    topic: string,
    group: string,
    options: { maxRecords?: number; commit?: 'manual' | 'none'; deadlineS?: number } = {},
  ) {
    const script = path.join(pythonScriptsDir, 'groups_member.py');
    const args = [
      script,
      client,
      bootstrap,
      topic,
      group,
      String(options.deadlineS ?? 90),
      String(options.maxRecords ?? 0),
      options.commit ?? 'none',
    ];
    this.child = spawn(pythonBinary, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (line.startsWith('{') && this.events.length < 100_000) this.events.push(JSON.parse(line) as MemberEvent);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
  }

  get assignment(): number[] | null {
    for (let index = this.events.length - 1; index >= 0; index--) {
      const event = this.events[index];
      if (event.event === 'assigned') return event.partitions;
    }
    return null;
  }

  get records() {
    return this.events.filter((event): event is Extract<MemberEvent, { event: 'record' }> => event.event === 'record');
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  describe(): string {
    return `events ${JSON.stringify(this.events.slice(-10))} stderr ${this.stderrTail}`;
  }

  kill9(): void {
    this.child.kill('SIGKILL');
  }

  /** Asks it to close (leaving the group) and waits for it to exit; kills it after 20 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.child.stdin!.end('stop\n');
    await eventually(() => this.exited, 20_000, 'member exit').catch(() => this.child.kill('SIGKILL'));
  }
}

async function eventually(condition: () => boolean, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function sortedUnion(members: GroupMember[]): number[] {
  return members.flatMap((member) => member.assignment ?? []).sort((a, b) => a - b);
}

async function produce(bootstrap: string, topic: string, messages: { partition: number; value: string }[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'samsa-groups-producer', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

function consumerGroups(bootstrap: string, args: string[]) {
  return runKafkaTool(consumerGroupCommand, ['--bootstrap-server', bootstrap, ...args], { timeoutMs: 60_000 });
}

/** Rows of `kafka-consumer-groups --describe` / `--reset-offsets` output that belong to `topic`. */
function rowsOf(output: string, topic: string): string[][] {
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells.includes(topic));
}

describe('consumer groups with real clients', () => {
  let broker: BrokerHandle;
  const members: GroupMember[] = [];
  const member = (...args: ConstructorParameters<typeof GroupMember>) => {
    const started = new GroupMember(...args);
    members.push(started);
    return started;
  };

  beforeAll(async () => {
    broker =
      interopTarget() === 'real-kafka'
        ? await startRealKafka()
        : await startBuiltInBroker({ args: ['--group-initial-rebalance-delay-ms', '0'] });
  });
  afterAll(async () => {
    for (const started of members) started.kill9();
    await broker?.stop();
  });

  for (const client of ['confluent', 'kafka-python'] as const) {
    test(`${client}: 2 members get 2 of 4 partitions each, a killed member's partitions move, 6 members leave 2 idle`, async () => {
      const topic = uniqueTopicName(`groups-${client}`);
      const group = uniqueTopicName(`g-${client}`);
      await createTopics(broker.bootstrap, [{ name: topic, partitions: 4 }]);
      const first = member(client, broker.bootstrap, topic, group);
      const second = member(client, broker.bootstrap, topic, group);
      await eventually(
        () => first.assignment?.length === 2 && second.assignment?.length === 2 && sortedUnion([first, second]).join() === '0,1,2,3',
        30_000,
        () => `2+2 assignment: ${first.describe()} / ${second.describe()}`,
      );

      second.kill9();
      const killedAtMs = Date.now();
      await eventually(
        () => first.assignment?.join() === '0,1,2,3',
        25_000,
        () => `takeover: ${first.describe()}`,
      );
      // Detection needs the session timeout; then one heartbeat and a rejoin.
      expect(Date.now() - killedAtMs).toBeLessThan(SESSION_TIMEOUT_MS + 8000);

      const more = Array.from({ length: 5 }, () => member(client, broker.bootstrap, topic, group));
      const six = [first, ...more];
      await eventually(
        () => {
          const sizes = six.map((m) => m.assignment?.length ?? -1).sort();
          return sizes.join() === '0,0,1,1,1,1' && sortedUnion(six).join() === '0,1,2,3';
        },
        45_000,
        () => `6 members: ${six.map((m) => JSON.stringify(m.assignment)).join(' ')}`,
      );
      const described = await withAdmin(broker.bootstrap, (admin) => admin.describeGroups([group]));
      expect(described.groups[0].state).toBe('Stable');
      expect(described.groups[0].members).toHaveLength(6);
      await Promise.all(six.map((m) => m.stop()));
    }, 150_000);
  }

  test('two groups read the same topic independently, each seeing every record', async () => {
    const topic = uniqueTopicName('groups-two');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 2 }]);
    const values = Array.from({ length: 10 }, (_, index) => `v${index}`);
    await produce(
      broker.bootstrap,
      topic,
      values.map((value, index) => ({ partition: index % 2, value })),
    );
    const readers = ['confluent', 'kafka-python'].map((client) =>
      member(client, broker.bootstrap, topic, uniqueTopicName(`g-two-${client}`), { maxRecords: values.length, commit: 'manual' }),
    );
    await eventually(
      () => readers.every((reader) => reader.exited),
      60_000,
      () => readers.map((r) => r.describe()).join(' / '),
    );
    for (const reader of readers) expect(reader.records.map((r) => r.value).sort()).toEqual([...values].sort());
  }, 90_000);

  for (const client of ['confluent', 'kafka-python'] as const) {
    test(`${client}: manual commits after processing resume exactly after a broker kill -9`, async () => {
      const topic = uniqueTopicName(`groups-resume-${client}`);
      const group = uniqueTopicName(`g-resume-${client}`);
      await createTopics(broker.bootstrap, [{ name: topic, partitions: 1 }]);
      await produce(
        broker.bootstrap,
        topic,
        Array.from({ length: 20 }, (_, index) => ({ partition: 0, value: `r${index}` })),
      );
      const before = member(client, broker.bootstrap, topic, group, { maxRecords: 8, commit: 'manual' });
      await eventually(
        () => before.exited,
        60_000,
        () => before.describe(),
      );
      expect(before.records.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

      await broker.kill9();
      await broker.restart();
      const after = member(client, broker.bootstrap, topic, group, { maxRecords: 12, commit: 'manual' });
      await eventually(
        () => after.exited,
        60_000,
        () => after.describe(),
      );
      expect(after.records.map((r) => r.offset)).toEqual(Array.from({ length: 12 }, (_, index) => index + 8));
    }, 120_000);
  }

  test('kafkajs consumers in one group (RoundRobinAssigner) split 4 partitions 2 and 2 and read every record', async () => {
    const topic = uniqueTopicName('groups-kafkajs');
    const groupId = uniqueTopicName('g-kafkajs');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 4 }]);
    await produce(
      broker.bootstrap,
      topic,
      Array.from({ length: 40 }, (_, index) => ({ partition: index % 4, value: `k${index}` })),
    );
    const kafka = new Kafka({ clientId: 'samsa-groups-kafkajs', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    const consumers = [0, 1].map(() =>
      kafka.consumer({ groupId, sessionTimeout: SESSION_TIMEOUT_MS, heartbeatInterval: 1000, rebalanceTimeout: 10_000 }),
    );
    const seen = new Set<string>();
    const partitionsOf = new Map<number, number[]>();
    try {
      for (const [index, consumer] of consumers.entries()) {
        consumer.on(consumer.events.GROUP_JOIN, (event) => {
          partitionsOf.set(index, [...(event.payload.memberAssignment[topic] ?? [])].sort());
        });
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: true });
        await consumer.run({ eachMessage: async ({ message }) => void seen.add(message.value!.toString()) });
      }
      await eventually(
        () => seen.size === 40 && partitionsOf.get(0)?.length === 2 && partitionsOf.get(1)?.length === 2,
        60_000,
        () => `seen ${seen.size}, assignments ${JSON.stringify([...partitionsOf])}`,
      );
      expect([...partitionsOf.values()].flat().sort()).toEqual([0, 1, 2, 3]);
      const described = await withAdmin(broker.bootstrap, (admin) => admin.describeGroups([groupId]));
      expect(described.groups[0]).toMatchObject({ state: 'Stable', protocol: 'RoundRobinAssigner' });
    } finally {
      await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    }
  }, 90_000);

  test('console consumer --group commits; kafka-consumer-groups describes lag, resets (refused while active) and deletes', async () => {
    const topic = uniqueTopicName('groups-cli');
    const group = uniqueTopicName('g-cli');
    await createTopics(broker.bootstrap, [{ name: topic, partitions: 2 }]);
    const firstAtMs = Date.now();
    await produce(
      broker.bootstrap,
      topic,
      Array.from({ length: 10 }, (_, index) => ({ partition: index % 2, value: `c${index}` })),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const laterAtMs = Date.now();
    await produce(
      broker.bootstrap,
      topic,
      Array.from({ length: 4 }, (_, index) => ({ partition: index % 2, value: `late${index}` })),
    );

    const consumed = assertSucceeded(
      await runKafkaTool(
        kafkaTools.consoleConsumer,
        [
          '--bootstrap-server',
          broker.bootstrap,
          '--topic',
          topic,
          '--group',
          group,
          '--from-beginning',
          '--max-messages',
          '6',
          '--timeout-ms',
          '30000',
        ],
        { timeoutMs: 60_000 },
      ),
      'console consumer --group',
    );
    expect(consumed.stdout.trim().split('\n')).toHaveLength(6);

    const describe = assertSucceeded(await consumerGroups(broker.bootstrap, ['--describe', '--group', group]), '--describe');
    const rows = rowsOf(describe.stdout, topic)
      .map((cells) => {
        const at = cells.indexOf(topic);
        const number = (cell: string) => (cell === '-' ? 0 : Number(cell));
        return { partition: Number(cells[at + 1]), current: number(cells[at + 2]), end: number(cells[at + 3]), lag: number(cells[at + 4]) };
      })
      .sort((a, b) => a.partition - b.partition);
    expect(rows.map((row) => row.end)).toEqual([7, 7]);
    // On close the console consumer commits its positions: at least the 6 records it printed.
    expect(rows.reduce((sum, row) => sum + row.current, 0)).toBeGreaterThanOrEqual(6);
    for (const row of rows.filter((r) => r.current > 0)) expect(row.lag).toBe(row.end - row.current);

    const reset = async (...how: string[]) => {
      const result = assertSucceeded(
        await consumerGroups(broker.bootstrap, ['--reset-offsets', '--group', group, '--topic', topic, ...how, '--execute']),
        `reset ${how.join(' ')}`,
      );
      return rowsOf(result.stdout, topic)
        .map((cells) => Number(cells[cells.indexOf(topic) + 2]))
        .sort((a, b) => a - b);
    };
    expect(await reset('--to-earliest')).toEqual([0, 0]);
    expect(await reset('--shift-by', '2')).toEqual([2, 2]);
    expect(await reset('--to-datetime', new Date(laterAtMs).toISOString())).toEqual([5, 5]);
    expect(await reset('--to-datetime', new Date(firstAtMs - 60_000).toISOString())).toEqual([0, 0]);

    const active = member('confluent', broker.bootstrap, topic, group);
    await eventually(
      () => (active.assignment?.length ?? 0) === 2,
      30_000,
      () => active.describe(),
    );
    const refused = await consumerGroups(broker.bootstrap, [
      '--reset-offsets',
      '--group',
      group,
      '--topic',
      topic,
      '--to-earliest',
      '--execute',
    ]);
    expect(refused.stdout + refused.stderr).toContain(
      `Assignments can only be reset if the group '${group}' is inactive, but the current state is Stable.`,
    );
    const deleteRefused = await consumerGroups(broker.bootstrap, ['--delete', '--group', group]);
    expect(deleteRefused.stdout + deleteRefused.stderr).toMatch(/NonEmptyGroup|not empty/i);
    await active.stop();

    const deleted = assertSucceeded(await consumerGroups(broker.bootstrap, ['--delete', '--group', group]), '--delete');
    expect(deleted.stdout).toContain(`Deletion of requested consumer groups ('${group}') was successful.`);
    const listed = assertSucceeded(await consumerGroups(broker.bootstrap, ['--list']), '--list');
    expect(listed.stdout.split('\n').map((line) => line.trim())).not.toContain(group);
  }, 150_000);
});
