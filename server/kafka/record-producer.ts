// Produces one record to any cluster through @platformatic/kafka's Producer and returns where it landed.
// A short-lived producer per call: producing from the console is rare and interactive.
import { Producer } from '@platformatic/kafka';
import { ClusterError } from './cluster-error.ts';
import type { ClusterConnection } from './cluster-client.ts';
import { kafkaErrorMessage } from './kafka-error-message.ts';

export interface RecordToProduce {
  topic: string;
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer][];
  timestampMs: number | null;
}

export async function produceRecord(
  clusterId: string,
  connection: ClusterConnection,
  record: RecordToProduce,
): Promise<{ partition: number; offset: bigint }> {
  const producer = new Producer({
    clientId: `samsa-console-${clusterId}-produce`,
    bootstrapBrokers: connection.bootstrapServers,
    connectTimeout: 5_000,
    requestTimeout: 15_000,
    timeout: 15_000,
    retries: 1,
    acks: -1,
    sasl: connection.sasl
      ? { mechanism: connection.sasl.mechanism, username: connection.sasl.username, password: connection.sasl.password }
      : undefined,
    tls: connection.tls ? { ca: connection.tls.caPem, rejectUnauthorized: connection.tls.rejectUnauthorized } : undefined,
  });
  try {
    const result = await producer.send({
      messages: [
        {
          topic: record.topic,
          partition: record.partition,
          key: record.key ?? undefined,
          value: record.value ?? undefined,
          headers: new Map(record.headers.map(([name, value]) => [Buffer.from(name, 'utf8'), value])),
          timestamp: record.timestampMs !== null ? BigInt(record.timestampMs) : undefined,
        },
      ],
    });
    const written = result.offsets?.find((entry) => entry.topic === record.topic);
    if (!written) throw new Error('the cluster did not report an offset');
    return { partition: written.partition, offset: BigInt(written.offset) };
  } catch (error) {
    throw new ClusterError(`Cannot produce to ${record.topic}/${record.partition}: ${kafkaErrorMessage(error)}`, { cause: error });
  } finally {
    await producer.close();
  }
}
