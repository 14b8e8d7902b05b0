// The write side of a replay job, exactly once (Kafka's read-process-write pattern): the copied records are
// produced by a transactional producer (transactional.id samsa-replay-<job>), and in the same transaction the
// job commits, in its own consumer group (samsa-replay-<job>), the next source offset of the partition it
// copied from, with the running counts in the commit's metadata. Either both become visible or neither does.
// Opening the writer (InitProducerId) fences an earlier process of the same job and aborts its open
// transaction, so progress read after opening is exactly what the target holds under READ_COMMITTED.
// @platformatic/kafka sends AddOffsetsToTxn; TxnOffsetCommit is sent here because the client's own
// (Transaction.addOffset) has no commit metadata and commits one partition per request.
import { ConnectionPool, type Consumer, FindCoordinatorKeyTypes, Producer, txnOffsetCommitV3 } from '@platformatic/kafka';
import type { ClusterClient, ClusterConnection } from './cluster-client.ts';
import { ClusterError } from './cluster-error.ts';
import { kafkaErrorMessage } from './kafka-error-message.ts';

export interface RecordToCopy {
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer | null][];
  /** null: the target cluster stamps it (CreateTime now). */
  timestampMs: number | null;
}

/** Where one source partition stands, as committed with the records copied from it. */
export interface CommittedReplayPosition {
  nextOffset: bigint;
  recordsWritten: number;
  bytesWritten: number;
}

/** UNSTABLE_OFFSET_COMMIT: a transaction touching the group's offsets is still being completed. */
const UNSTABLE_OFFSET_COMMIT = 88;
const STABLE_READ_ATTEMPTS = 30;
const STABLE_READ_DELAY_MS = 500;
/** Kafka's offset.metadata.max.bytes default is 4096; the counts take well under 100. */
const MAX_COMMIT_METADATA_CHARS = 200;
/** Also the transaction timeout the producer registers: a transaction open longer than this is aborted. */
const TRANSACTION_TIMEOUT_MS = 60_000;

type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>;

export function replayTransactionalId(jobId: string): string {
  return `samsa-replay-${jobId}`;
}

export function replayGroupId(jobId: string): string {
  return `samsa-replay-${jobId}`;
}

export class ReplayWriter {
  private readonly producer: Producer;
  private readonly pool: ConnectionPool;
  private readonly groupId: string;
  private transaction: Transaction | null = null;
  private coordinator: { host: string; port: number } | null = null;
  private readonly client: ClusterClient;

  constructor(client: ClusterClient, connection: ClusterConnection, jobId: string) {
    this.client = client;
    this.groupId = replayGroupId(jobId);
    const sasl = connection.sasl
      ? { mechanism: connection.sasl.mechanism, username: connection.sasl.username, password: connection.sasl.password }
      : undefined;
    const tls = connection.tls ? { ca: connection.tls.caPem, rejectUnauthorized: connection.tls.rejectUnauthorized } : undefined;
    this.producer = new Producer({
      clientId: `samsa-console-replay-${jobId}`,
      bootstrapBrokers: connection.bootstrapServers,
      transactionalId: replayTransactionalId(jobId),
      idempotent: true,
      // InitProducerId as a new producer (-1/-1): the client's default of 0/0 claims to be producer 0, which a
      // coordinator that knows this transactional id (an earlier run of the job) refuses as fenced.
      producerId: -1n,
      producerEpoch: -1,
      acks: -1,
      connectTimeout: 5_000,
      requestTimeout: 30_000,
      timeout: TRANSACTION_TIMEOUT_MS,
      retries: 3,
      retryDelay: 500,
      sasl,
      tls,
    });
    this.pool = new ConnectionPool(`samsa-console-replay-${jobId}-offsets`, { connectTimeout: 5_000, requestTimeout: 30_000, sasl, tls });
  }

  /** InitProducerId: fences any earlier writer of this job and completes (aborts) its open transaction. */
  async open(): Promise<void> {
    await this.begin();
  }

  /** The committed position of every source partition this job has copied from (stable: no open transaction). */
  async committedPositions(sourceTopic: string): Promise<Map<number, CommittedReplayPosition>> {
    for (let attempt = 1; ; attempt++) {
      const answered = await this.client.call(`read the progress of ${this.groupId}`, () =>
        this.client.admin.listConsumerGroupOffsets({ groups: [this.groupId], requireStable: true }),
      );
      const positions = new Map<number, CommittedReplayPosition>();
      let unstable = false;
      for (const group of answered) {
        for (const topic of group.topics) {
          if (topic.name !== sourceTopic) continue;
          for (const partition of topic.partitions) {
            if ((partition as { errorCode?: number }).errorCode === UNSTABLE_OFFSET_COMMIT) unstable = true;
            if (partition.committedOffset < 0n) continue;
            positions.set(partition.partitionIndex, { nextOffset: partition.committedOffset, ...parseCounts(partition.metadata) });
          }
        }
      }
      if (!unstable) return positions;
      if (attempt >= STABLE_READ_ATTEMPTS)
        throw new ClusterError(`The progress of ${this.groupId} stayed unstable (a transaction is still completing).`);
      await new Promise((resolve) => setTimeout(resolve, STABLE_READ_DELAY_MS));
    }
  }

  /**
   * One transaction: the records, and the source partition's next offset with the new running counts. When
   * it returns, both are committed; when it throws, neither is (call close() and open a new writer).
   */
  async commit(
    records: RecordToCopy[],
    targetTopic: string,
    source: { topic: string; partition: number; position: CommittedReplayPosition },
  ): Promise<void> {
    const transaction = await this.begin();
    try {
      if (records.length > 0) {
        await transaction.send({
          messages: records.map((record) => ({
            topic: targetTopic,
            partition: record.partition,
            key: record.key ?? undefined,
            value: record.value ?? undefined,
            // The client writes header values as bytes; a null header value is copied as empty bytes.
            headers: new Map(record.headers.map(([name, value]) => [Buffer.from(name, 'utf8'), value ?? Buffer.alloc(0)])),
            timestamp: record.timestampMs === null ? undefined : BigInt(record.timestampMs),
          })),
        });
      }
      // AddOffsetsToTxn needs only the group id from the consumer it is given.
      await transaction.addConsumer({ groupId: this.groupId } as unknown as Consumer);
      await this.commitOffset(source.topic, source.partition, source.position);
      await transaction.commit();
      this.transaction = null;
    } catch (error) {
      this.transaction = null;
      throw error instanceof ClusterError
        ? error
        : new ClusterError(`Cannot write to ${targetTopic}: ${kafkaErrorMessage(error)}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => {});
    await this.producer.close(true).catch(() => {});
  }

  private async begin(): Promise<Transaction> {
    if (this.transaction) return this.transaction;
    try {
      this.transaction = await this.producer.beginTransaction();
    } catch (error) {
      throw new ClusterError(`Cannot start a transaction: ${kafkaErrorMessage(error)}`, { cause: error });
    }
    return this.transaction;
  }

  private async commitOffset(topic: string, partition: number, position: CommittedReplayPosition): Promise<void> {
    const producerId = this.producer.producerId;
    const producerEpoch = this.producer.producerEpoch;
    if (producerId === undefined || producerEpoch === undefined) throw new ClusterError('The transactional producer has no producer id.');
    this.coordinator ??= await this.findGroupCoordinator();
    const connection = await this.pool.get(this.coordinator);
    const metadata = JSON.stringify({ w: position.recordsWritten, b: position.bytesWritten }).slice(0, MAX_COMMIT_METADATA_CHARS);
    const response = await txnOffsetCommitV3.api.async(
      connection,
      replayTransactionalIdOf(this.producer),
      this.groupId,
      producerId,
      producerEpoch,
      -1,
      '',
      null,
      [
        {
          name: topic,
          partitions: [
            { partitionIndex: partition, committedOffset: position.nextOffset, committedLeaderEpoch: -1, committedMetadata: metadata },
          ],
        },
      ],
    );
    const failed = response.topics.flatMap((answered) => answered.partitions).find((answered) => answered.errorCode !== 0);
    if (failed) throw new ClusterError(`Cannot commit the replay's position: error code ${failed.errorCode}`);
  }

  private async findGroupCoordinator(): Promise<{ host: string; port: number }> {
    const found = await this.client.call(`find the coordinator of ${this.groupId}`, () =>
      this.client.admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [this.groupId] }),
    );
    const coordinator = found.find((entry) => entry.key === this.groupId) ?? found[0];
    if (!coordinator) throw new ClusterError(`The cluster named no coordinator for ${this.groupId}.`);
    return { host: coordinator.host, port: coordinator.port };
  }
}

function replayTransactionalIdOf(producer: Producer): string {
  const id = producer.transaction?.id;
  if (!id) throw new ClusterError('The producer has no open transaction.');
  return id;
}

function parseCounts(metadata: string | null | undefined): { recordsWritten: number; bytesWritten: number } {
  try {
    const parsed = JSON.parse(metadata ?? '{}') as { w?: unknown; b?: unknown };
    return { recordsWritten: Number(parsed.w) || 0, bytesWritten: Number(parsed.b) || 0 };
  } catch {
    return { recordsWritten: 0, bytesWritten: 0 };
  }
}
