import { describe, expect, it } from 'vitest';
import { ConsumerGroup } from './consumer-group.ts';
import { GroupCoordinator } from './group-coordinator.ts';
import { defaultGroupCoordinatorConfig } from './group-coordinator-config.ts';
import { expireOffsets } from './offsets-expiry.ts';
import { decodeOffsetsTopicRecord, type OffsetsTopicRecord } from './offsets-topic-records.ts';
import { Writer } from '../protocol/writer.ts';
import { writeConsumerProtocolSubscription } from '../protocol/generated/consumer-protocol-subscription.ts';

const RETENTION_MS = 1000;
const T0 = 1_000_000;

function setup() {
  const records: OffsetsTopicRecord[] = [];
  const store = {
    append: async (_groupId: string, appended: OffsetsTopicRecord[]) => void records.push(...appended),
    appendTransactional: async () => {
      throw new Error('not used here');
    },
    partitionFor: () => 0,
  };
  const coordinator = new GroupCoordinator(defaultGroupCoordinatorConfig, store, () => undefined);
  const sweep = (nowMs: number, topicExists = (_topic: string) => true) =>
    expireOffsets(coordinator, { retentionMs: RETENTION_MS, nowMs, topicExists }, () => undefined);
  return { coordinator, records, sweep };
}

function offset(commitTimestampMs: number) {
  return { offset: 5n, leaderEpoch: -1, metadata: '', commitTimestampMs: BigInt(commitTimestampMs) };
}

function subscription(...topics: string[]): Buffer {
  const writer = new Writer();
  writer.writeInt16(0);
  writeConsumerProtocolSubscription(writer, 0, { topics, userData: null });
  return writer.toBuffer();
}

describe('expireOffsets', () => {
  it('expires an empty consumer group retention after it became empty, then deletes the group', async () => {
    const { coordinator, records, sweep } = setup();
    const group = coordinator.groupFor('g', true)!;
    group.protocolType = 'consumer';
    group.stateTimestampMs = T0 + 500;
    group.setOffset('t', 0, offset(T0));
    expect(await sweep(T0 + RETENTION_MS)).toBe(0); // the commit is old enough, but the group emptied later
    expect(await sweep(T0 + 500 + RETENTION_MS)).toBe(1);
    expect(coordinator.groups.has('g')).toBe(false);
    expect(records.map((r) => decodeOffsetsTopicRecord(r.key, r.value))).toEqual([
      { kind: 'offset', groupId: 'g', topic: 't', partition: 0, offset: null },
      { kind: 'group', groupId: 'g', metadata: null },
    ]);
  });

  it('expires offsets of a group that never had members by their commit time', async () => {
    const { coordinator, sweep } = setup();
    const group = coordinator.groupFor('simple', true)!;
    group.setOffset('t', 0, offset(T0));
    group.setOffset('t', 1, offset(T0 + 800));
    expect(await sweep(T0 + RETENTION_MS)).toBe(1);
    expect(group.committedOffset('t', 1)).toBeDefined();
  });

  it('keeps offsets of topics a live member subscribes to, and drops those of deleted topics', async () => {
    const { coordinator, sweep } = setup();
    const joined = await coordinator.joinGroup({
      groupId: 'live',
      memberId: '',
      groupInstanceId: null,
      clientId: 'c',
      clientHost: '/h',
      sessionTimeoutMs: 60_000,
      rebalanceTimeoutMs: 1000,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: subscription('kept') }],
      requireKnownMemberId: false,
    });
    await coordinator.syncGroup({
      groupId: 'live',
      generationId: joined.generationId,
      memberId: joined.memberId,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    });
    const group = coordinator.groupFor('live', false)!;
    group.setOffset('kept', 0, offset(0));
    group.setOffset('unsubscribed', 0, offset(0));
    group.setOffset('deleted', 0, offset(T0));
    expect(await sweep(T0, (topic) => topic !== 'deleted')).toBe(2);
    expect([...group.offsets.keys()]).toEqual(['kept']);
    coordinator.close();
  });

  it("expires an empty KIP-848 group's offsets by commit time, then deletes the group with its consumer group tombstones", async () => {
    const { coordinator, records, sweep } = setup();
    const group = coordinator.groupFor('cg', true)!;
    group.type = 'consumer';
    group.consumer = new ConsumerGroup();
    group.consumer.groupEpoch = 3;
    group.protocolType = 'consumer';
    group.stateTimestampMs = T0 + 500;
    group.setOffset('t', 0, offset(T0));
    expect(await sweep(T0 + RETENTION_MS)).toBe(1);
    expect(coordinator.groups.has('cg')).toBe(false);
    expect(records.map((r) => decodeOffsetsTopicRecord(r.key, r.value))).toEqual([
      { kind: 'offset', groupId: 'cg', topic: 't', partition: 0, offset: null },
      { kind: 'consumerTargetMetadata', groupId: 'cg', assignmentEpoch: null },
      { kind: 'consumerGroup', groupId: 'cg', epoch: null, metadataHash: 0n },
    ]);
  });
});
