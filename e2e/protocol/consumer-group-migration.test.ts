// Online migration between the classic and consumer group protocols with Kafka's own Java consumer
// (kafka-clients 4.3.1 from the jars), as an operator's rolling restart does it under Kafka's default
// group.consumer.migration.policy=bidirectional: three classic members consume a topic, then are restarted
// one by one with group.protocol=consumer (the first one upgrades the group, the classic ones keep working
// inside it), then back to classic (the last consumer-protocol member leaving downgrades it). After each step
// the group settles with every partition owned, and in the end every record was read and committed exactly
// once (each member's reads whose commitSync succeeded add up to what was produced) and the committed offsets
// are the log end offsets. Member 0 is static (group.instance.id): its consumer-protocol successor replaces the
// classic instance at once and keeps its partitions, the others keeping theirs (no rebalance).
// SAMSA_INTEROP_TARGET=real-kafka runs the same against Apache Kafka.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { consoleProduceKeyed, kafkaTopics } from '../fixtures/java-cli.ts';
import { type GroupProtocol, JavaGroupMember, waitUntil } from '../fixtures/java-group-member.ts';
import { runKafkaTool } from '../fixtures/kafka-cli.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { uniqueTopicName } from '../fixtures/topic-admin.ts';

const consumerGroupCommand = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
/** JVMs start slowly on a loaded machine: joins and rebalances get minutes, not seconds. */
const SETTLE_MS = 180_000;
const PARTITIONS = 6;
const BATCH = 30;

let broker: BrokerHandle;
const running: JavaGroupMember[] = [];
const stopped: JavaGroupMember[] = [];

beforeAll(async () => {
  broker = await startTargetBroker();
});
afterAll(async () => {
  await Promise.all(running.map((member) => member.stop(10_000)));
  await broker?.stop();
});

async function consumerGroups(args: string[]): Promise<string> {
  const result = await runKafkaTool(consumerGroupCommand, ['--bootstrap-server', broker.bootstrap, ...args], { timeoutMs: 90_000 });
  return assertSucceeded(result, `kafka-consumer-groups ${args.join(' ')}`).stdout;
}

function records(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `key-${from + index}:value-${from + index}`);
}

describe('online migration of a group between the classic and consumer protocols with the Java consumer', () => {
  const topic = uniqueTopicName('migration');
  const groupId = `${topic}-group`;
  let produced = 0;

  const everyone = () =>
    [
      ...running.map((m, i) => `running ${i} (${m.protocol}): ${m.describe()}`),
      ...stopped.map((m, i) => `stopped ${i} (${m.protocol}): ${m.describe()}`),
    ].join('\n');
  const totalCommitted = () => [...running, ...stopped].reduce((sum, member) => sum + member.totalCommitted, 0);

  /** The group settled: every partition owned by exactly one running member, two each, all produced records committed. */
  async function settled(): Promise<void> {
    await waitUntil(
      () => {
        const owned = running.flatMap((member) => [...member.owned]);
        return (
          running.every((member) => member.owned.size === PARTITIONS / running.length) &&
          new Set(owned).size === PARTITIONS &&
          totalCommitted() >= produced
        );
      },
      SETTLE_MS,
      everyone,
    );
  }

  async function produceBatch(): Promise<void> {
    await consoleProduceKeyed(broker.bootstrap, topic, records(produced, BATCH));
    produced += BATCH;
  }

  /** Member 0 is static: the same instance id through every restart. */
  const propertiesOf = (index: number): Record<string, string> => (index === 0 ? { 'group.instance.id': `${groupId}-member-0` } : {});

  /** Replaces running member `index` with one using `protocol`, producing while the group rebalances. */
  async function restart(index: number, protocol: GroupProtocol): Promise<void> {
    const old = running[index];
    await old.stop();
    expect(old.events.at(-1)?.event).toBe('closed');
    stopped.push(old);
    running[index] = new JavaGroupMember(broker.bootstrap, topic, groupId, protocol, propertiesOf(index));
    await produceBatch();
    await settled();
    console.log(`${new Date().toISOString()} member ${index} now ${protocol}: settled, ${totalCommitted()}/${produced} committed`);
  }

  async function groupType(): Promise<string | undefined> {
    const listed = await consumerGroups(['--list', '--type']);
    return listed
      .split('\n')
      .find((line) => line.trim().startsWith(`${groupId} `))
      ?.trim()
      .split(/\s+/)[1];
  }

  test('a rolling restart upgrades three classic members to group.protocol=consumer and back, each record committed once', async () => {
    assertSucceeded(
      await kafkaTopics(broker.bootstrap, ['--create', '--topic', topic, '--partitions', String(PARTITIONS), '--replication-factor', '1']),
      'create',
    );
    await produceBatch();
    for (let i = 0; i < 3; i++) running.push(new JavaGroupMember(broker.bootstrap, topic, groupId, 'classic', propertiesOf(i)));
    await settled();
    expect(await groupType()).toBe('Classic');

    // Upgrade: the first consumer-protocol member converts the group; the classic members keep consuming in it.
    // It is the static member: it takes the classic instance's place with its partitions, nobody rebalances.
    const ownedBefore = running.map((member) => [...member.owned].sort());
    const eventsBefore = running.map((member) => member.events.length);
    await restart(0, 'consumer');
    expect(await groupType()).toBe('Consumer');
    const successor = running[0].events;
    expect(successor.flatMap((event) => (event.event === 'assigned' ? (event.partitions as number[]) : [])).sort()).toEqual(ownedBefore[0]);
    expect(successor.filter((event) => event.event === 'revoked' || event.event === 'lost')).toEqual([]);
    expect(running.map((member) => [...member.owned].sort())).toEqual(ownedBefore);
    for (const index of [1, 2]) {
      expect(running[index].events.slice(eventsBefore[index]).filter((event) => event.event === 'revoked')).toEqual([]);
    }
    await restart(1, 'consumer');
    await restart(2, 'consumer');
    expect(await groupType()).toBe('Consumer');

    // Downgrade: classic members join the consumer group; the last consumer-protocol member leaving converts it back.
    await restart(0, 'classic');
    await restart(1, 'classic');
    expect(await groupType()).toBe('Consumer');
    await restart(2, 'classic');
    expect(await groupType()).toBe('Classic');

    // Exactly once: the reads whose commits succeeded add up to what was produced, nothing twice.
    await waitUntil(() => totalCommitted() >= produced, SETTLE_MS, everyone);
    expect(totalCommitted()).toBe(produced);
    let rows: string[][] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const described = await consumerGroups(['--describe', '--group', groupId]);
      rows = described
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((columns) => columns[0] === groupId && columns[1] === topic);
      if (rows.length === PARTITIONS && rows.every((columns) => columns[3] === columns[4])) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(rows).toHaveLength(PARTITIONS);
    for (const columns of rows) expect(columns[3]).toBe(columns[4]);
    // No member is stuck: each still reads new records.
    const before = running.map((member) => member.totalConsumed);
    await produceBatch();
    await waitUntil(() => totalCommitted() >= produced, SETTLE_MS, everyone);
    expect(running.filter((member, i) => member.totalConsumed > before[i]).length).toBeGreaterThan(0);
  }, 1_500_000);
});
