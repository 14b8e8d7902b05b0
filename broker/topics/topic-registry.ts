// Topics, their partitions' logs and configs: the broker's replicated-nothing metadata.
// Every change is written to the metadata log first (durable), then applied in memory, then on disk.

import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { PartitionLog } from '../log/partition-log.ts';
import { nodeFileSystem, type FileSystem } from '../log/file-system.ts';
import { runBounded } from './run-bounded.ts';
import { effectiveTopicDefaults, type BrokerConfigScope, type DynamicBrokerConfigs } from './broker-configs.ts';
import { logConfigForTopic } from './log-config-for-topic.ts';
import { MetadataLog, type MetadataRecord } from './metadata-log.ts';
import { collisionKey } from './topic-name.ts';

export interface Topic {
  readonly name: string;
  readonly topicId: string;
  readonly isInternal: boolean;
  configs: Record<string, string>;
  partitions: PartitionLog[];
}

export interface TopicRegistryOptions {
  dataDir: string;
  topicConfigDefaults: Record<string, string>;
  log: (line: string) => void;
  /** Where partition logs keep their files; the broker passes a FileHandleCache bounding open files. */
  fileSystem?: FileSystem;
}

const METADATA_LOG_FILE = '__samsa_metadata.log';
const DELETED_DIR_SUFFIX = '-delete';
/** Producer ids are reserved durably in blocks, as Kafka's controller does, so a restart never reuses one. */
const PRODUCER_ID_BLOCK_SIZE = 1000n;
/** Partitions created or opened at once: keeps the disk busy without holding thousands of files open. */
const PARTITION_OPEN_CONCURRENCY = 16;

/** Kafka's cluster id: a random UUID, base64url without padding (22 characters). */
function newClusterId(): string {
  return Buffer.from(randomUUID().replaceAll('-', ''), 'hex').toString('base64url');
}

export class TopicRegistry {
  readonly clusterId: string;
  private readonly topicsByName = new Map<string, Topic>();
  private readonly topicsById = new Map<string, Topic>();
  /** Names being created or deleted right now, so concurrent requests see them as taken. */
  private readonly namesInFlight = new Set<string>();
  /** Topics whose partition count is being raised, so two CreatePartitions of one topic never interleave. */
  private readonly partitionsGrowing = new Set<Topic>();
  /** Partitions of creations in progress, counted against max.broker.partitions before they exist. */
  private partitionsInFlight = 0;
  /** Config changes being written to the metadata log, so concurrent changes build on each other. */
  private readonly configsInFlight = new Map<Topic, Record<string, string>>();
  private nextProducerId: bigint;
  private producerIdBlockEnd: bigint;
  private dynamicBrokerConfigs: DynamicBrokerConfigs;
  /** Broker config changes being written, so concurrent changes of a scope build on each other. */
  private readonly brokerConfigsInFlight = new Map<BrokerConfigScope, Record<string, string>>();
  /** GROUP resource configs by group id (Kafka keeps them in its metadata log too, apart from the group). */
  private readonly groupConfigsById: Map<string, Readonly<Record<string, string>>>;
  private readonly groupConfigsInFlight = new Map<string, Record<string, string>>();

  private readonly options: TopicRegistryOptions;
  private readonly metadataLog: MetadataLog;

  private constructor(
    options: TopicRegistryOptions,
    metadataLog: MetadataLog,
    clusterId: string,
    nextProducerId: bigint,
    brokerConfigs: DynamicBrokerConfigs,
    groupConfigs: Map<string, Readonly<Record<string, string>>>,
  ) {
    this.groupConfigsById = groupConfigs;
    this.options = options;
    this.dynamicBrokerConfigs = brokerConfigs;
    this.metadataLog = metadataLog;
    this.clusterId = clusterId;
    this.nextProducerId = nextProducerId;
    this.producerIdBlockEnd = nextProducerId;
  }

  static async open(options: TopicRegistryOptions): Promise<TopicRegistry> {
    await fsp.mkdir(options.dataDir, { recursive: true });
    const { log, records } = await MetadataLog.open(path.join(options.dataDir, METADATA_LOG_FILE));
    let clusterId = records.find((record) => record.type === 'ClusterCreated')?.clusterId;
    if (clusterId === undefined) {
      clusterId = newClusterId();
      await log.append({ type: 'ClusterCreated', clusterId });
    }
    const state = replay(records);
    const registry = new TopicRegistry(options, log, clusterId, state.nextProducerId, state.brokerConfigs, state.groupConfigs);
    for (const topic of state.topics.values()) {
      const partitions: PartitionLog[] = [];
      await runBounded(topic.partitions, PARTITION_OPEN_CONCURRENCY, async (index) => {
        partitions[index] = await registry.openPartition(topic.name, index, topic.configs);
      });
      registry.index({
        name: topic.name,
        topicId: topic.topicId,
        isInternal: topic.name.startsWith('__'),
        configs: topic.configs,
        partitions,
      });
    }
    await registry.removeStrayDirectories();
    return registry;
  }

  get(name: string): Topic | undefined {
    return this.topicsByName.get(name);
  }

  getById(topicId: string): Topic | undefined {
    return this.topicsById.get(topicId);
  }

  list(): Topic[] {
    return [...this.topicsByName.values()];
  }

  /** Partitions hosted, plus those being created right now (the max.broker.partitions count). */
  get partitionCount(): number {
    let count = this.partitionsInFlight;
    for (const topic of this.topicsByName.values()) count += topic.partitions.length;
    return count;
  }

  /** True if the name is taken, being created, or collides with a topic on '.' versus '_'. */
  nameCollision(name: string): 'exists' | 'collides' | null {
    if (this.topicsByName.has(name) || this.namesInFlight.has(name)) return 'exists';
    const key = collisionKey(name);
    for (const other of [...this.topicsByName.keys(), ...this.namesInFlight]) {
      if (collisionKey(other) === key) return 'collides';
    }
    return null;
  }

  /**
   * Creates a topic whole or not at all; the caller has validated the name, counts and configs. The
   * partitions are made first and the metadata record, written last, commits the topic: a failure before it
   * removes what was made, and a crash before it leaves directories of a topic the metadata does not name,
   * which the next start removes (removeStrayDirectories).
   */
  async createTopic(name: string, partitionCount: number, configs: Record<string, string>): Promise<Topic> {
    if (this.nameCollision(name) !== null) throw new Error(`topic ${name} already exists`);
    // Reserved before the first await, so concurrent requests count these against max.broker.partitions.
    this.namesInFlight.add(name);
    this.partitionsInFlight += partitionCount;
    try {
      const topicId = randomUUID();
      const partitions = await this.createPartitionLogs(name, 0, partitionCount, configs);
      await this.commitOrDiscard(name, 0, partitions, { type: 'TopicCreated', name, topicId, partitions: partitionCount, configs });
      const topic: Topic = { name, topicId, isInternal: name.startsWith('__'), configs, partitions };
      this.index(topic);
      return topic;
    } finally {
      this.namesInFlight.delete(name);
      this.partitionsInFlight -= partitionCount;
    }
  }

  /** Adds partitions whole or not at all, committed by the metadata record as in createTopic. */
  async createPartitions(topic: Topic, newTotal: number): Promise<void> {
    const oldTotal = topic.partitions.length;
    if (newTotal <= oldTotal) throw new Error(`topic ${topic.name} already has ${oldTotal} partitions`);
    if (this.partitionsGrowing.has(topic)) throw new Error(`partitions of topic ${topic.name} are being added already`);
    const added = newTotal - oldTotal;
    this.partitionsGrowing.add(topic);
    this.partitionsInFlight += added;
    try {
      const partitions = await this.createPartitionLogs(topic.name, oldTotal, added, topic.configs);
      await this.commitOrDiscard(topic.name, oldTotal, partitions, { type: 'PartitionsCreated', name: topic.name, partitions: newTotal });
      topic.partitions.push(...partitions);
    } finally {
      this.partitionsGrowing.delete(topic);
      this.partitionsInFlight -= added;
    }
  }

  /** New, empty partition logs `first`..`first + count - 1`; on a failure the ones made are removed again. */
  private async createPartitionLogs(name: string, first: number, count: number, configs: Record<string, string>): Promise<PartitionLog[]> {
    const config = logConfigForTopic(configs, this.topicConfigDefaults());
    const logs: PartitionLog[] = [];
    try {
      await runBounded(count, PARTITION_OPEN_CONCURRENCY, async (offset) => {
        const dir = this.partitionDir(name, first + offset);
        // A directory left by an earlier failed attempt must not lend its files to the new partition.
        await fsp.rm(dir, { recursive: true, force: true });
        logs[offset] = await PartitionLog.create(dir, config, this.fileSystem);
      });
      // The new directories' entries are durable before the metadata record names them.
      await this.fileSystem.syncDir(this.options.dataDir);
      return logs;
    } catch (error) {
      await this.discardPartitionLogs(name, first, count, logs);
      throw error;
    }
  }

  private async commitOrDiscard(name: string, first: number, logs: PartitionLog[], record: MetadataRecord): Promise<void> {
    try {
      await this.metadataLog.append(record);
    } catch (error) {
      await this.discardPartitionLogs(name, first, logs.length, logs);
      throw error;
    }
  }

  private async discardPartitionLogs(
    name: string,
    first: number,
    count: number,
    logs: ReadonlyArray<PartitionLog | undefined>,
  ): Promise<void> {
    await runBounded(count, PARTITION_OPEN_CONCURRENCY, async (offset) => {
      await logs[offset]?.close().catch(() => undefined);
      await fsp.rm(this.partitionDir(name, first + offset), { recursive: true, force: true }).catch((error: unknown) => {
        this.options.log(`could not remove ${this.partitionDir(name, first + offset)} (removed at the next start): ${String(error)}`);
      });
    });
  }

  async deleteTopic(topic: Topic): Promise<void> {
    this.namesInFlight.add(topic.name);
    try {
      await this.metadataLog.append({ type: 'TopicDeleted', name: topic.name, topicId: topic.topicId });
      this.topicsByName.delete(topic.name);
      this.topicsById.delete(topic.topicId);
      const partitions = topic.partitions;
      topic.partitions = [];
      // Like Kafka: rename now (the name is free again at once), remove the files in the background.
      for (const [index, log] of partitions.entries()) {
        await log.close();
        const dir = this.partitionDir(topic.name, index);
        const doomed = `${dir}.${topic.topicId.replaceAll('-', '')}${DELETED_DIR_SUFFIX}`;
        await fsp.rename(dir, doomed).catch(() => undefined);
        void fsp.rm(doomed, { recursive: true, force: true }).catch((error: unknown) => {
          this.options.log(`could not remove ${doomed}: ${String(error)}`);
        });
      }
    } finally {
      this.namesInFlight.delete(topic.name);
    }
  }

  /** The configs a new change should start from: the latest requested, even if still being written. */
  configsForChange(topic: Topic): Record<string, string> {
    return this.configsInFlight.get(topic) ?? topic.configs;
  }

  /** Replaces a topic's dynamic configs: durable first (metadata log), then applied live to its partition logs. */
  async alterTopicConfigs(topic: Topic, configs: Record<string, string>): Promise<void> {
    this.configsInFlight.set(topic, configs);
    try {
      await this.metadataLog.append({ type: 'TopicConfigsChanged', name: topic.name, configs });
    } finally {
      if (this.configsInFlight.get(topic) === configs) this.configsInFlight.delete(topic);
    }
    if (this.topicsByName.get(topic.name) !== topic) return;
    topic.configs = configs;
    const logConfig = logConfigForTopic(configs, this.topicConfigDefaults());
    for (const log of topic.partitions) log.updateConfig(logConfig);
  }

  /** The dynamic broker configs (AlterConfigs on a BROKER resource) of both scopes. */
  get brokerConfigs(): DynamicBrokerConfigs {
    return this.dynamicBrokerConfigs;
  }

  /** Broker-level topic defaults keyed by topic config name: dynamic per-broker > dynamic default > static. */
  topicConfigDefaults(): Record<string, string> {
    return effectiveTopicDefaults(this.options.topicConfigDefaults, this.dynamicBrokerConfigs);
  }

  /** The broker configs a new change of a scope should start from: the latest requested, even if still being written. */
  brokerConfigsForChange(scope: BrokerConfigScope): Readonly<Record<string, string>> {
    return this.brokerConfigsInFlight.get(scope) ?? this.dynamicBrokerConfigs[scope];
  }

  /** A group's configs (GROUP resource), empty when none is set. */
  groupConfigs(groupId: string): Readonly<Record<string, string>> {
    return this.groupConfigsById.get(groupId) ?? {};
  }

  /** The configs a new change of a group should start from: the latest requested, even if still being written. */
  groupConfigsForChange(groupId: string): Readonly<Record<string, string>> {
    return this.groupConfigsInFlight.get(groupId) ?? this.groupConfigs(groupId);
  }

  /** Replaces a group's configs, durable first. Classic groups do not use them; they are kept and described. */
  async alterGroupConfigs(groupId: string, configs: Record<string, string>): Promise<void> {
    this.groupConfigsInFlight.set(groupId, configs);
    try {
      await this.metadataLog.append({ type: 'GroupConfigsChanged', groupId, configs });
    } finally {
      if (this.groupConfigsInFlight.get(groupId) === configs) this.groupConfigsInFlight.delete(groupId);
    }
    if (Object.keys(configs).length === 0) this.groupConfigsById.delete(groupId);
    else this.groupConfigsById.set(groupId, configs);
  }

  /** Replaces a scope's dynamic broker configs: durable first, then live for every topic's logs. */
  async alterBrokerConfigs(scope: BrokerConfigScope, configs: Record<string, string>): Promise<void> {
    this.brokerConfigsInFlight.set(scope, configs);
    try {
      await this.metadataLog.append({ type: 'BrokerConfigsChanged', scope, configs });
    } finally {
      if (this.brokerConfigsInFlight.get(scope) === configs) this.brokerConfigsInFlight.delete(scope);
    }
    this.dynamicBrokerConfigs = { ...this.dynamicBrokerConfigs, [scope]: configs };
    const defaults = this.topicConfigDefaults();
    for (const topic of this.topicsByName.values()) {
      const logConfig = logConfigForTopic(topic.configs, defaults);
      for (const log of topic.partitions) log.updateConfig(logConfig);
    }
  }

  /** A new idempotent producer id, never handed out before, even across crashes. */
  async allocateProducerId(): Promise<bigint> {
    if (this.nextProducerId >= this.producerIdBlockEnd) {
      const blockEnd = this.nextProducerId + PRODUCER_ID_BLOCK_SIZE;
      await this.metadataLog.append({ type: 'ProducerIdBlockAllocated', nextProducerId: blockEnd.toString() });
      this.producerIdBlockEnd = blockEnd;
    }
    const id = this.nextProducerId;
    this.nextProducerId += 1n;
    return id;
  }

  async close(): Promise<void> {
    for (const topic of this.topicsByName.values()) {
      await runBounded(topic.partitions.length, PARTITION_OPEN_CONCURRENCY, (index) => topic.partitions[index].close());
    }
    await this.metadataLog.close();
  }

  private get fileSystem(): FileSystem {
    return this.options.fileSystem ?? nodeFileSystem;
  }

  private index(topic: Topic): void {
    this.topicsByName.set(topic.name, topic);
    this.topicsById.set(topic.topicId, topic);
  }

  private partitionDir(name: string, index: number): string {
    return path.join(this.options.dataDir, `${name}-${index}`);
  }

  private async openPartition(name: string, index: number, configs: Record<string, string>): Promise<PartitionLog> {
    const config = logConfigForTopic(configs, this.topicConfigDefaults());
    return PartitionLog.open(this.partitionDir(name, index), config, this.fileSystem);
  }

  /**
   * Removes directories of deleted topics whose removal a crash interrupted, and orphans of unknown topics
   * (partitions of a creation a crash cut short before its metadata record).
   */
  private async removeStrayDirectories(): Promise<void> {
    const expected = new Set<string>();
    for (const topic of this.topicsByName.values()) {
      topic.partitions.forEach((_, index) => expected.add(`${topic.name}-${index}`));
    }
    const stray = (await fsp.readdir(this.options.dataDir, { withFileTypes: true }))
      .filter(
        (entry) =>
          entry.isDirectory() && !expected.has(entry.name) && (entry.name.endsWith(DELETED_DIR_SUFFIX) || /-\d+$/.test(entry.name)),
      )
      .map((entry) => entry.name);
    if (stray.length === 0) return;
    // A creation cut short by a crash can leave thousands: one line, and a failure never stops the start.
    this.options.log(
      `removing ${stray.length} stray partition director${stray.length === 1 ? 'y' : 'ies'} (${stray.slice(0, 5).join(', ')}${stray.length > 5 ? ', ...' : ''})`,
    );
    await runBounded(stray.length, PARTITION_OPEN_CONCURRENCY, async (index) => {
      await fsp.rm(path.join(this.options.dataDir, stray[index]), { recursive: true, force: true }).catch((error: unknown) => {
        this.options.log(`could not remove stray directory ${stray[index]} (tried again at the next start): ${String(error)}`);
      });
    });
  }
}

interface ReplayedTopic {
  name: string;
  topicId: string;
  partitions: number;
  configs: Record<string, string>;
}

function replay(records: readonly MetadataRecord[]): {
  topics: Map<string, ReplayedTopic>;
  nextProducerId: bigint;
  brokerConfigs: DynamicBrokerConfigs;
  groupConfigs: Map<string, Readonly<Record<string, string>>>;
} {
  const topics = new Map<string, ReplayedTopic>();
  let nextProducerId = 0n;
  const brokerConfigs = { default: {}, broker: {} } as { default: Record<string, string>; broker: Record<string, string> };
  const groupConfigs = new Map<string, Readonly<Record<string, string>>>();
  for (const record of records) {
    switch (record.type) {
      case 'TopicCreated':
        topics.set(record.name, { name: record.name, topicId: record.topicId, partitions: record.partitions, configs: record.configs });
        break;
      case 'PartitionsCreated': {
        const topic = topics.get(record.name);
        if (topic !== undefined) topic.partitions = record.partitions;
        break;
      }
      case 'TopicConfigsChanged': {
        const topic = topics.get(record.name);
        if (topic !== undefined) topic.configs = record.configs;
        break;
      }
      case 'TopicDeleted':
        topics.delete(record.name);
        break;
      case 'ProducerIdBlockAllocated':
        // Ids below the reserved block end may have been handed out before a crash: start after it.
        nextProducerId = BigInt(record.nextProducerId);
        break;
      case 'GroupConfigsChanged':
        if (Object.keys(record.configs).length === 0) groupConfigs.delete(record.groupId);
        else groupConfigs.set(record.groupId, record.configs);
        break;
      case 'BrokerConfigsChanged':
        brokerConfigs[record.scope] = record.configs;
        break;
      case 'ClusterCreated':
        break;
    }
  }
  return { topics, nextProducerId, brokerConfigs, groupConfigs };
}
