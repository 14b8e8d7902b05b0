// Reads the built-in broker's admin-change topic over the Kafka protocol with @platformatic/kafka's
// protocol layer: a Metadata request (topic id, leader) and a group-free, sessionless Fetch from a given
// offset. The library's Consumer cannot be used here: its metadata cache drops internal topics, and this
// topic is internal. Fetch v12 names topics (v13+ needs ids that only Metadata gives); both versions are
// served by the built-in broker and by Apache Kafka, so no version negotiation is needed.
import { Connection, fetchV12, findErrorBy, metadataV12, type Broker } from '@platformatic/kafka';
import type { ClusterConnection } from '../kafka/cluster-client.ts';
import { kafkaErrorMessage } from '../kafka/kafka-error-message.ts';
import { adminChangesTopic } from './broker-change-audit-entry.ts';

export interface AdminChangeRecord {
  offset: bigint;
  value: Buffer | null;
}

export type AdminChangeRead =
  | { kind: 'absent' }
  | {
      kind: 'records';
      topicId: string;
      records: AdminChangeRecord[];
      /** Where the next read starts: past every returned batch, control batches included. */
      nextOffset: bigint;
      logStartOffset: bigint;
      highWatermark: bigint;
    }
  | { kind: 'outOfRange'; topicId: string; logStartOffset: bigint; highWatermark: bigint };

export interface ReadOptions {
  /** Response size bound; the broker still returns one whole batch if the first one is bigger (KIP-74). */
  maxBytes: number;
  /** Long poll: how long the broker may wait for a first record. 0 answers at once. */
  maxWaitMs: number;
}

export interface AdminChangeTopicReaderOptions {
  clientId: string;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

const unknownTopicOrPartition = 3;
const offsetOutOfRange = 1;
const readUncommitted = 0;
/** Control batches (transaction markers) hold no changes; attribute bit 5. */
const controlBatchAttribute = 0x20;

export class AdminChangeTopicReader {
  readonly #cluster: ClusterConnection;
  readonly #options: AdminChangeTopicReaderOptions;
  #connection: Connection | null = null;
  #endpoint: Broker | null = null;
  #closed = false;

  /** `cluster`: bootstrap servers, SASL login and TLS trust, as the console's cluster client uses them. */
  constructor(cluster: ClusterConnection, options: AdminChangeTopicReaderOptions) {
    this.#cluster = cluster;
    this.#options = options;
  }

  async read(fromOffset: bigint, options: ReadOptions): Promise<AdminChangeRead> {
    try {
      const topic = await this.#describeTopic();
      if (!topic) return { kind: 'absent' };
      const connection = await this.#connect([topic.leader]);
      return await this.#fetch(connection, topic.topicId, fromOffset, options);
    } catch (error) {
      // A broken connection is opened again on the next read rather than reused.
      await this.#dropConnection();
      throw new Error(`reading ${adminChangesTopic} failed: ${kafkaErrorMessage(error)}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#dropConnection();
  }

  async #describeTopic(): Promise<{ topicId: string; leader: Broker } | null> {
    // Parsed here, not in the constructor: a bad address is a reported failure, not a console that cannot start.
    const bootstrap = this.#cluster.bootstrapServers.map(parseEndpoint);
    const connection = await this.#connect(this.#endpoint ? [this.#endpoint, ...bootstrap] : bootstrap);
    let metadata;
    try {
      metadata = await metadataV12.api.async(connection, [adminChangesTopic], false, false);
    } catch (error) {
      // Apache Kafka and other clusters have no such topic: that is expected, not a failure.
      if (findErrorBy(error as Error, 'apiCode', unknownTopicOrPartition)) return null;
      throw error;
    }
    const topic = metadata.topics.find((candidate) => candidate.name === adminChangesTopic);
    const partition = topic?.partitions.find((candidate) => candidate.partitionIndex === 0);
    if (!topic || !partition) return null;
    const leader = metadata.brokers.find((broker) => broker.nodeId === partition.leaderId);
    if (!leader) throw new Error(`partition 0 has no reachable leader (leader id ${partition.leaderId})`);
    return { topicId: topic.topicId, leader: { host: leader.host, port: leader.port } };
  }

  async #fetch(connection: Connection, topicId: string, fromOffset: bigint, options: ReadOptions): Promise<AdminChangeRead> {
    const partitions = [
      { partition: 0, fetchOffset: fromOffset, currentLeaderEpoch: -1, lastFetchedEpoch: -1, partitionMaxBytes: options.maxBytes },
    ];
    const minBytes = options.maxWaitMs > 0 ? 1 : 0;
    let response;
    try {
      // Session id 0 with epoch -1: a full fetch that opens no fetch session (KIP-227).
      response = await fetchV12.api.async(
        connection,
        options.maxWaitMs,
        minBytes,
        options.maxBytes,
        readUncommitted,
        0,
        -1,
        [{ topicId: adminChangesTopic, partitions }],
        [],
        '',
      );
    } catch (error) {
      const outOfRange = findErrorBy(error as Error, 'apiCode', offsetOutOfRange);
      const answer = (error as { response?: typeof response }).response?.responses[0]?.partitions[0];
      if (outOfRange && answer)
        return { kind: 'outOfRange', topicId, logStartOffset: answer.logStartOffset, highWatermark: answer.highWatermark };
      throw error;
    }
    const answer = response.responses[0]?.partitions[0];
    if (!answer) throw new Error('the broker answered the fetch without partition 0');
    const records: AdminChangeRecord[] = [];
    let nextOffset = fromOffset;
    for (const batch of answer.records ?? []) {
      const batchEnd = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
      if (batchEnd > nextOffset) nextOffset = batchEnd;
      if ((batch.attributes & controlBatchAttribute) !== 0) continue;
      for (const record of batch.records) {
        const offset = batch.firstOffset + BigInt(record.offsetDelta);
        // A batch may start before the requested offset; its earlier records were read already.
        if (offset >= fromOffset) records.push({ offset, value: record.value });
      }
    }
    return { kind: 'records', topicId, records, nextOffset, logStartOffset: answer.logStartOffset, highWatermark: answer.highWatermark };
  }

  /** The open connection if it goes to one of these endpoints, else a new one to the first that answers. */
  async #connect(endpoints: Broker[]): Promise<Connection> {
    if (this.#closed) throw new Error('the reader is closed');
    const current = this.#connection;
    if (current && this.#endpoint && endpoints.some((endpoint) => sameEndpoint(endpoint, this.#endpoint!))) return current;
    await this.#dropConnection();
    let lastError: unknown = new Error('no bootstrap servers');
    for (const endpoint of endpoints) {
      const { sasl, tls } = this.#cluster;
      const connection = new Connection(this.#options.clientId, {
        connectTimeout: this.#options.connectTimeoutMs,
        requestTimeout: this.#options.requestTimeoutMs,
        sasl: sasl ? { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } : undefined,
        tls: tls ? { ca: tls.caPem, rejectUnauthorized: tls.rejectUnauthorized } : undefined,
      });
      // Without a listener an 'error' event would crash the process; the failed request reports it instead.
      connection.on('error', () => {
        if (this.#connection === connection) this.#connection = null;
      });
      connection.on('close', () => {
        if (this.#connection === connection) this.#connection = null;
      });
      try {
        await connection.connect(endpoint.host, endpoint.port);
        this.#connection = connection;
        this.#endpoint = endpoint;
        return connection;
      } catch (error) {
        lastError = error;
        await connection.close().catch(() => {});
      }
    }
    throw lastError;
  }

  async #dropConnection(): Promise<void> {
    const connection = this.#connection;
    this.#connection = null;
    await connection?.close().catch(() => {});
  }
}

function parseEndpoint(server: string): Broker {
  const colon = server.lastIndexOf(':');
  if (colon <= 0) throw new Error(`bootstrap server "${server}" is not host:port`);
  return { host: server.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(server.slice(colon + 1)) };
}

function sameEndpoint(left: Broker, right: Broker): boolean {
  return left.host === right.host && left.port === right.port;
}
