// The one way the console talks to any cluster (built-in broker or Apache Kafka): the Kafka protocol through
// @platformatic/kafka's Admin. Errors come back flattened to readable messages, never swallowed.
import { Admin, ConnectionPool, type Connection, type ConnectionOptions, type SASLOptions } from '@platformatic/kafka';
import { ClusterError, UnsupportedByClusterError } from './cluster-error.ts';
import { isUnsupportedApiError, kafkaErrorMessage } from './kafka-error-message.ts';
import { splitHostPort } from './split-host-port.ts';
import { describeInternalTopics } from './internal-topics-metadata.ts';

export interface ClusterConnection {
  bootstrapServers: string[];
  sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string };
  tls?: { caPem?: string; rejectUnauthorized: boolean };
}

export interface BrokerInfo {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface TopicPartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface TopicInfo {
  name: string;
  id: string;
  /** Kafka-internal (flagged by the cluster, or named with Kafka's "__" convention). */
  internal: boolean;
  partitionCount: number;
  replicationFactor: number;
  partitions: TopicPartitionInfo[];
}

export interface ClusterMetadataSnapshot {
  clusterId: string;
  controllerId: number;
  brokers: BrokerInfo[];
  /** Every topic but the internal ones. */
  topics: TopicInfo[];
  /** __consumer_offsets, __transaction_state and the like, shown only on request. */
  internalTopics: TopicInfo[];
  fetchedAtMs: number;
}

export interface NewTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs?: Record<string, string>;
}

const connectTimeoutMs = 5_000;
export const requestTimeoutMs = 15_000;
const maxVanishedTopicRetries = 5;
/** Bounds one DescribeLogDirs request; 10,000 topics take 10 round trips. */
const logDirsTopicsPerRequest = 1_000;

export class ClusterClient {
  readonly #admin: Admin;
  readonly #connection: ClusterConnection;
  #rawPool: ConnectionPool | null = null;

  constructor(clusterId: string, connection: ClusterConnection) {
    this.#connection = connection;
    this.#admin = new Admin({
      clientId: `samsa-console-${clusterId}`,
      bootstrapBrokers: connection.bootstrapServers,
      connectTimeout: connectTimeoutMs,
      requestTimeout: requestTimeoutMs,
      timeout: requestTimeoutMs,
      retries: 1,
      sasl: connection.sasl ? toSasl(connection.sasl) : undefined,
      tls: connection.tls ? { ca: connection.tls.caPem, rejectUnauthorized: connection.tls.rejectUnauthorized } : undefined,
    });
  }

  /** Brokers, controller and every topic with its partitions, internal topics apart. */
  async describeCluster(): Promise<ClusterMetadataSnapshot> {
    const allNames = await this.#call('list topics', () => this.#admin.listTopics({ includeInternals: true }));
    const requested = new Set(allNames);
    const metadata = await this.#call('read metadata', () => this.#metadataSkippingVanishedTopics(allNames));
    const topics: TopicInfo[] = [];
    const internalTopics: TopicInfo[] = [];
    const flaggedInternal: string[] = [];
    for (const [name, topic] of metadata.topics) {
      if (!requested.has(name) && requested.size > 0) continue;
      // The Admin leaves topics the cluster flags internal without metadata; they are described below.
      if (!topic) {
        flaggedInternal.push(name);
        continue;
      }
      // Topics the cluster flags internal have no metadata here (above); "__" is Kafka's naming convention.
      const internal = name.startsWith('__');
      const partitions = topic.partitions.map((partition, index) => ({
        partition: index,
        leader: partition.leader,
        replicas: partition.replicas,
        isr: partition.isr,
      }));
      (internal ? internalTopics : topics).push({
        name,
        id: topic.id,
        internal,
        partitionCount: topic.partitionsCount,
        replicationFactor: partitions[0]?.replicas.length ?? 0,
        partitions,
      });
    }
    internalTopics.push(...(await this.#call('read metadata of internal topics', () => describeInternalTopics(this, flaggedInternal))));
    return {
      clusterId: metadata.id,
      controllerId: metadata.controllerId,
      brokers: [...metadata.brokers].map(([nodeId, broker]) => ({
        nodeId,
        host: broker.host,
        port: broker.port,
        rack: broker.rack ?? null,
      })),
      topics,
      internalTopics,
      fetchedAtMs: Date.now(),
    };
  }

  /**
   * A topic deleted between listTopics and metadata makes the whole metadata call fail with "Unknown topic";
   * such topics are dropped and the call repeated, a bounded number of times.
   */
  async #metadataSkippingVanishedTopics(names: string[]) {
    let remaining = names;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#admin.metadata({ topics: remaining, forceUpdate: true });
      } catch (error) {
        const vanished = /Unknown topic (.+)\.$/.exec(error instanceof Error ? error.message : '')?.[1];
        if (!vanished || attempt >= maxVanishedTopicRetries || !remaining.includes(vanished)) throw error;
        remaining = remaining.filter((name) => name !== vanished);
      }
    }
  }

  /**
   * Bytes on disk summed over every broker and partition (replicas count once per broker holding them).
   * The topics are named explicitly: in DescribeLogDirs an empty list means "no topics" (null means all, but
   * the client cannot send null). Throws UnsupportedByClusterError when the cluster lacks the API.
   */
  async totalLogSizeBytes(topics: TopicInfo[]): Promise<number> {
    const described = topics.filter((topic) => topic.partitions.length > 0);
    let total = 0;
    for (let start = 0; start < described.length; start += logDirsTopicsPerRequest) {
      const request = described
        .slice(start, start + logDirsTopicsPerRequest)
        .map((topic) => ({ name: topic.name, partitions: topic.partitions.map((p) => p.partition) }));
      const descriptions = await this.#call('describe log dirs', () => this.#admin.describeLogDirs({ topics: request }));
      for (const broker of descriptions) {
        for (const result of broker.results) {
          for (const topic of result.topics) for (const partition of topic.partitions) total += Number(partition.partitionSize);
        }
      }
    }
    return total;
  }

  /** Sum of log-end offsets over the given topics' partitions: a cumulative count of records ever written. */
  async sumLogEndOffsets(topics: TopicInfo[]): Promise<number> {
    if (topics.length === 0) return 0;
    const request = topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p) => ({ partitionIndex: p.partition, timestamp: -1n })),
    }));
    const listed = await this.#call('list offsets', () => this.#admin.listOffsets({ topics: request }));
    let total = 0;
    for (const topic of listed) for (const partition of topic.partitions) total += Number(partition.offset);
    return total;
  }

  async createTopic(topic: NewTopic): Promise<void> {
    const configs = Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value }));
    await this.#call(`create topic ${topic.name}`, () =>
      this.#admin.createTopics({ topics: [topic.name], partitions: topic.partitions, replicas: topic.replicationFactor, configs }),
    );
  }

  async deleteTopic(name: string): Promise<void> {
    await this.#call(`delete topic ${name}`, () => this.#admin.deleteTopics({ topics: [name] }));
  }

  async close(): Promise<void> {
    await this.#rawPool?.close().catch(() => {});
    await this.#admin.close();
  }

  /** For the protocol helpers beside this file (one small module per job): the shared Admin. */
  get admin(): Admin {
    return this.#admin;
  }

  /** How to reach the cluster. */
  get connection(): ClusterConnection {
    return this.#connection;
  }

  /**
   * A protocol connection to a bootstrap broker, for the requests the Admin cannot send as needed
   * (CreateTopics validate_only; metadata of internal topics, which the Admin drops). One pool per client.
   */
  rawConnection(): Promise<Connection> {
    this.#rawPool ??= new ConnectionPool(this.#admin.clientId, protocolConnectionOptions(this.#connection));
    return this.#rawPool.getFirstAvailable(this.#connection.bootstrapServers.map(splitHostPort));
  }

  /** A protocol connection to one broker (a group's coordinator), from the same pool as rawConnection(). */
  brokerConnection(host: string, port: number): Promise<Connection> {
    this.#rawPool ??= new ConnectionPool(this.#admin.clientId, protocolConnectionOptions(this.#connection));
    return this.#rawPool.get({ host, port });
  }

  /** Runs one protocol operation with the errors mapped as everywhere: unsupported API or the cluster's message. */
  call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    return this.#call(what, operation);
  }

  async #call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (isUnsupportedApiError(error))
        throw new UnsupportedByClusterError(`Cannot ${what}: not supported by this cluster.`, { cause: error });
      throw new ClusterError(`Cannot ${what}: ${kafkaErrorMessage(error)}`, { cause: error });
    }
  }
}

/** Timeouts, SASL and TLS for a protocol connection of the console's own (a pool or a single connection). */
export function protocolConnectionOptions(connection: ClusterConnection): ConnectionOptions {
  return {
    connectTimeout: connectTimeoutMs,
    requestTimeout: requestTimeoutMs,
    sasl: connection.sasl ? toSasl(connection.sasl) : undefined,
    tls: connection.tls ? { ca: connection.tls.caPem, rejectUnauthorized: connection.tls.rejectUnauthorized } : undefined,
  };
}

function toSasl(sasl: NonNullable<ClusterConnection['sasl']>): SASLOptions {
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password };
}
