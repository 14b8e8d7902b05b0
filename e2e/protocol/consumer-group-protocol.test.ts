// The KIP-848 consumer group protocol with Kafka's own Java consumer (kafka-clients 4.3.1 from the jars,
// group.protocol=consumer): three members join and share the partitions, the group rebalances when one
// leaves, every record is read once and committed; kafka-consumer-groups (from the jars) lists and
// describes a consumer group beside a classic one; Kafka's kafka-dump-log decodes the group's records in
// __consumer_offsets. SAMSA_INTEROP_TARGET=real-kafka runs the same against Apache Kafka, which is how these
// expectations were checked.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import { consoleProduceKeyed, kafkaTopics } from '../fixtures/java-cli.ts';
import { JavaGroupMember, waitUntil } from '../fixtures/java-group-member.ts';
import { kafkaTools, runKafkaTool } from '../fixtures/kafka-cli.ts';
import { assertSucceeded } from '../fixtures/run-process.ts';
import { uniqueTopicName } from '../fixtures/topic-admin.ts';

const consumerGroupCommand = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
/** JVMs start slowly on a loaded machine: joins and rebalances get minutes, not seconds. */
const SETTLE_MS = 150_000;

let broker: BrokerHandle;
const members: JavaGroupMember[] = [];

beforeAll(async () => {
  broker = await startTargetBroker();
});
afterAll(async () => {
  await Promise.all(members.map((member) => member.stop(10_000)));
  await broker?.stop();
});

async function consumerGroups(args: string[]): Promise<string> {
  const result = await runKafkaTool(consumerGroupCommand, ['--bootstrap-server', broker.bootstrap, ...args], { timeoutMs: 90_000 });
  return assertSucceeded(result, `kafka-consumer-groups ${args.join(' ')}`).stdout;
}

function records(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `key-${from + index}:value-${from + index}`);
}

/** The rows of kafka-consumer-groups --describe for one group: partition -> [current offset, log end, consumer id]. */
function describedRows(output: string, groupId: string, topic: string): Map<number, { current: string; end: string; consumerId: string }> {
  const rows = new Map<number, { current: string; end: string; consumerId: string }>();
  for (const line of output.split('\n')) {
    const columns = line.trim().split(/\s+/);
    if (columns[0] !== groupId || columns[1] !== topic) continue;
    rows.set(Number(columns[2]), { current: columns[3], end: columns[4], consumerId: columns[6] });
  }
  return rows;
}

describe('KIP-848 consumer groups with the Java consumer', () => {
  const topic = uniqueTopicName('kip848');
  const groupId = `${topic}-consumers`;
  const classicGroupId = `${topic}-classic`;

  test('three members join and split six partitions two each, rebalance when one leaves, and commit every record', async () => {
    assertSucceeded(
      await kafkaTopics(broker.bootstrap, ['--create', '--topic', topic, '--partitions', '6', '--replication-factor', '1']),
      'create',
    );
    await consoleProduceKeyed(broker.bootstrap, topic, records(0, 60));
    for (let i = 0; i < 3; i++) members.push(new JavaGroupMember(broker.bootstrap, topic, groupId, 'consumer'));
    const everyone = () => members.map((member, index) => `member ${index}: ${member.describe()}`).join('\n');
    await waitUntil(
      () => members.every((member) => member.owned.size === 2) && members.reduce((sum, member) => sum + member.totalConsumed, 0) === 60,
      SETTLE_MS,
      everyone,
    );
    const owners = new Set(members.flatMap((member) => [...member.owned]));
    expect([...owners].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // No partition was ever read by two members at once: each record was read exactly once.
    expect(members.reduce((sum, member) => sum + member.totalConsumed, 0)).toBe(60);

    const leaving = members.pop()!;
    const handedOver = [...leaving.owned];
    await leaving.stop();
    expect(leaving.events.at(-1)?.event).toBe('closed');
    await waitUntil(() => members.every((member) => member.owned.size === 3), SETTLE_MS, everyone);
    expect([...new Set(members.flatMap((member) => [...member.owned]))].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const partition of handedOver) expect(members.some((member) => member.owned.has(partition))).toBe(true);

    await consoleProduceKeyed(broker.bootstrap, topic, records(60, 30));
    await waitUntil(
      () => members.reduce((sum, member) => sum + member.totalConsumed, 0) + leaving.totalConsumed === 90,
      SETTLE_MS,
      everyone,
    );
    for (const member of [...members, leaving]) expect(member.errors()).toEqual([]);

    // Every commit landed: the group's committed offsets are the log end offsets, owned by the two members left.
    let rows = new Map<number, { current: string; end: string; consumerId: string }>();
    for (let attempt = 0; attempt < 20; attempt++) {
      rows = describedRows(await consumerGroups(['--describe', '--group', groupId]), groupId, topic);
      if (rows.size === 6 && [...rows.values()].every((row) => row.current === row.end)) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(rows.size).toBe(6);
    for (const row of rows.values()) expect(row.current).toBe(row.end);
    expect(new Set([...rows.values()].map((row) => row.consumerId)).size).toBe(2);
  });

  test('kafka-consumer-groups lists and describes the consumer group beside a classic one', async () => {
    const classic = new JavaGroupMember(broker.bootstrap, topic, classicGroupId, 'classic');
    members.push(classic);
    await waitUntil(
      () => classic.owned.size === 6 && classic.totalConsumed === 90,
      SETTLE_MS,
      () => classic.describe(),
    );

    const listed = await consumerGroups(['--list', '--type']);
    const typeOf = (id: string) =>
      listed
        .split('\n')
        .find((line) => line.trim().startsWith(`${id} `))
        ?.trim()
        .split(/\s+/)[1];
    expect(typeOf(groupId)).toBe('Consumer');
    expect(typeOf(classicGroupId)).toBe('Classic');

    const described = await consumerGroups(['--describe', '--group', groupId, '--group', classicGroupId]);
    const consumerRows = describedRows(described, groupId, topic);
    const classicRows = describedRows(described, classicGroupId, topic);
    expect(consumerRows.size).toBe(6);
    expect(classicRows.size).toBe(6);
    expect(new Set([...classicRows.values()].map((row) => row.consumerId)).size).toBe(1);

    const state = await consumerGroups(['--describe', '--state', '--group', groupId, '--group', classicGroupId]);
    const stateLine = (id: string) => state.split('\n').find((line) => line.trim().startsWith(`${id} `)) ?? '';
    expect(stateLine(groupId)).toMatch(/\s(uniform)\s+Stable\s+2\s*$/);
    expect(stateLine(classicGroupId)).toMatch(/\s(range)\s+Stable\s+1\s*$/);
  });

  test("__consumer_offsets holds the consumer group as Kafka's records: kafka-dump-log --offsets-decoder reads them", async () => {
    const logs: string[] = [];
    for (const dir of (await readdir(broker.dataDir)).filter((name) => name.startsWith('__consumer_offsets-'))) {
      for (const file of (await readdir(path.join(broker.dataDir, dir))).filter((name) => name.endsWith('.log'))) {
        const full = path.join(broker.dataDir, dir, file);
        if ((await readFile(full)).includes(groupId)) logs.push(full);
      }
    }
    expect(logs).toHaveLength(1);
    const dumped = assertSucceeded(
      await runKafkaTool(kafkaTools.dumpLog, ['--files', logs[0], '--offsets-decoder', '--print-data-log'], { timeoutMs: 90_000 }),
      'kafka-dump-log',
    ).stdout;
    // Record types: 3 group epoch, 5 member subscription, 6 target assignment epoch, 7 target assignment, 8 current assignment.
    const types = new Set<string>();
    for (const match of dumped.matchAll(/key: \{"type":"(\d+)","data":\{"groupId":"([^"]+)"/g))
      if (match[2] === groupId) types.add(match[1]);
    expect([...types].sort()).toEqual(expect.arrayContaining(['3', '5', '6', '7', '8']));
    expect(dumped).toMatch(new RegExp(`"subscribedTopicNames":\\["${topic}"\\]`));
  });
});
