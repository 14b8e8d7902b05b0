// Shared set-up of the group coordinator's tests, in-process and over the wire: coordinators on a recording
// store (their clock is Date.now, which vitest's fake timers move), topics by name, and the requests the Java
// consumer sends (JoinGroup with a ConsumerProtocol subscription, SyncGroup, ConsumerGroupHeartbeat) with the
// ConsumerProtocol bytes it reads back. Not a test file: it must not import vitest (import-rules.test.ts).

import { randomUUID } from 'node:crypto';
import { readConsumerProtocolAssignment } from '../protocol/generated/consumer-protocol-assignment.ts';
import { writeConsumerProtocolSubscription } from '../protocol/generated/consumer-protocol-subscription.ts';
import { Reader } from '../protocol/reader.ts';
import { Writer } from '../protocol/writer.ts';
import type { ConsumerGroupTopics } from './consumer-group-coordinator.ts';
import type { ConsumerHeartbeatInput, ConsumerHeartbeatResult } from './consumer-group-heartbeat-request.ts';
import type { CoordinatorLogEntry } from './coordinator-topic-log.ts';
import { defaultGroupCoordinatorConfig, type GroupCoordinatorConfig } from './group-coordinator-config.ts';
import type { JoinGroupInput, SyncGroupInput } from './classic-group-requests.ts';
import { GroupCoordinator } from './group-coordinator.ts';
import { loadGroups } from './load-groups.ts';
import type { OffsetsTopicRecord } from './offsets-topic-records.ts';

/** The group every builder below addresses unless told otherwise. */
export const GROUP_ID = 'g';
/** The topic the subscriptions and assignments name. */
export const TOPIC = 'orders';

/** Records appended, in order, replayable into a new coordinator (the real store is covered by the broker tests). */
export class RecordingStore {
  readonly records: OffsetsTopicRecord[] = [];
  async append(_groupId: string, records: OffsetsTopicRecord[]): Promise<void> {
    this.records.push(...records);
  }
  async appendTransactional(): Promise<void> {
    throw new Error('transactional offsets are covered by the transactional offset tests');
  }
  partitionFor(): number {
    return 0;
  }
  async *replay(): AsyncGenerator<CoordinatorLogEntry> {
    for (const record of this.records) yield { kind: 'record', partition: 0, record, producerId: -1n };
  }
}

/** Topics by name with their partition counts (orders has 6), and group configs per group. */
export class TestTopics implements ConsumerGroupTopics {
  readonly counts = new Map<string, number>([[TOPIC, 6]]);
  readonly configs = new Map<string, Record<string, string>>();
  private readonly ids = new Map<string, string>();

  idOf(name: string): string {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = randomUUID();
      this.ids.set(name, id);
    }
    return id;
  }
  topic(name: string) {
    const count = this.counts.get(name);
    return count === undefined ? undefined : { topicId: this.idOf(name), partitionCount: count };
  }
  topicName(topicId: string) {
    return [...this.counts.keys()].find((name) => this.idOf(name) === topicId);
  }
  topicNames() {
    return [...this.counts.keys()];
  }
  groupConfigs(groupId: string) {
    return this.configs.get(groupId) ?? {};
  }
}

/** The coordinators one test starts, all on the same store and topics; reset() after each test. */
export class TestCoordinators {
  store = new RecordingStore();
  topics = new TestTopics();
  private readonly started: GroupCoordinator[] = [];
  private readonly defaults: Partial<GroupCoordinatorConfig>;

  /** `defaults`: config every coordinator of the test starts with (initialRebalanceDelayMs is 0 unless set). */
  constructor(defaults: Partial<GroupCoordinatorConfig> = {}) {
    this.defaults = defaults;
  }

  start(overrides: Partial<GroupCoordinatorConfig> = {}): GroupCoordinator {
    const config = { ...defaultGroupCoordinatorConfig, initialRebalanceDelayMs: 0, ...this.defaults, ...overrides };
    const coordinator = new GroupCoordinator(config, this.store, () => undefined, Date.now, this.topics);
    this.started.push(coordinator);
    return coordinator;
  }

  /** Closes `coordinator` and starts another from the records it wrote, as the broker does at start-up. */
  async restart(coordinator: GroupCoordinator): Promise<GroupCoordinator> {
    coordinator.close();
    const restarted = this.start();
    await loadGroups(restarted, this.store.replay(), () => undefined);
    return restarted;
  }

  /** Closes the coordinators started and starts the next test on a new store and topics. */
  reset(): void {
    for (const coordinator of this.started.splice(0)) coordinator.close();
    this.store = new RecordingStore();
    this.topics = new TestTopics();
  }
}

/** The Java consumer's subscription (ConsumerProtocol v3) to orders unless told, with the orders partitions it owns. */
export function subscriptionBytes(owned: number[] = [], topics: string[] = [TOPIC], rackId: string | null = null): Buffer {
  const writer = new Writer();
  writer.writeInt16(3);
  writeConsumerProtocolSubscription(writer, 3, {
    topics,
    userData: null,
    ownedPartitions: owned.length === 0 ? [] : [{ topic: TOPIC, partitions: owned }],
    generationId: -1,
    rackId,
  });
  return writer.toBuffer();
}

/** A ConsumerProtocol v3 assignment of orders' `partitions`, without user data. */
export function assignmentBytes(partitions: number[]): Buffer {
  const writer = new Writer();
  writer.writeInt16(3);
  writer.writeInt32(1);
  writer.writeString(TOPIC);
  writer.writeInt32(partitions.length);
  for (const partition of partitions) writer.writeInt32(partition);
  writer.writeInt32(-1);
  return writer.toBuffer();
}

/** The partitions a ConsumerProtocol assignment gives, sorted. */
export function partitionsIn(assignment: Buffer): number[] {
  const reader = new Reader(assignment);
  const version = reader.readInt16();
  return readConsumerProtocolAssignment(reader, version)
    .assignedPartitions.flatMap((t) => t.partitions)
    .sort((a, b) => a - b);
}

/** The Java consumer's JoinGroup (range and cooperative-sticky over one subscription), with what it owns. */
export function classicJoin(memberId: string, owned: number[] = [], overrides: Partial<JoinGroupInput> = {}): JoinGroupInput {
  const metadata = subscriptionBytes(owned);
  return {
    groupId: GROUP_ID,
    memberId,
    groupInstanceId: null,
    clientId: `client-${memberId}`,
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 45_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: [
      { name: 'range', metadata },
      { name: 'cooperative-sticky', metadata },
    ],
    requireKnownMemberId: false,
    ...overrides,
  };
}

/** A SyncGroup of the range protocol (the leader's carries `assignments`); also the body of SyncGroup v5. */
export function classicSync(memberId: string, generationId: number, overrides: Partial<SyncGroupInput> = {}): SyncGroupInput {
  return {
    groupId: GROUP_ID,
    generationId,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: [],
    ...overrides,
  };
}

type ConsumerHeartbeatRequest = Omit<ConsumerHeartbeatInput, 'clientId' | 'clientHost' | 'apiVersion'>;

/** The body of a ConsumerGroupHeartbeat joining (epoch 0) with a subscription to orders. */
export function consumerHeartbeatRequest(overrides: Partial<ConsumerHeartbeatRequest> = {}): ConsumerHeartbeatRequest {
  return {
    groupId: GROUP_ID,
    memberId: randomUUID(),
    memberEpoch: 0,
    instanceId: null,
    rackId: null,
    rebalanceTimeoutMs: 30_000,
    subscribedTopicNames: [TOPIC],
    subscribedTopicRegex: null,
    serverAssignor: null,
    topicPartitions: [],
    ...overrides,
  };
}

/** The fields of a heartbeat that only reports what the member owns, as the Java client sends once joined. */
export function ownedOnly(topicId: string, owned: number[] | null): Partial<ConsumerHeartbeatRequest> {
  return {
    rebalanceTimeoutMs: -1,
    subscribedTopicNames: null,
    topicPartitions: owned === null ? null : [{ topicId, partitions: owned }],
  };
}

/** A ConsumerGroupHeartbeat v1 of `memberId` as the coordinator receives it, joining unless told otherwise. */
export function consumerJoin(memberId: string, overrides: Partial<ConsumerHeartbeatInput> = {}): ConsumerHeartbeatInput {
  return {
    ...consumerHeartbeatRequest({ memberId }),
    clientId: `client-${memberId}`,
    clientHost: '/127.0.0.1',
    apiVersion: 1,
    ...overrides,
  };
}

/** The partitions of `topicId` a heartbeat answer assigns, sorted; null when it carries no assignment. */
export function assignedPartitions(result: ConsumerHeartbeatResult, topicId: string): number[] | null {
  if (result.assignment === null) return null;
  return [...(result.assignment.get(topicId) ?? [])].sort((a, b) => a - b);
}
