// Can a new client reach the cluster? A fresh connection to each bootstrap broker in turn (SASL and TLS as
// the console's own), answering ApiVersions and then Metadata, as every client starts. Pooled connections
// can keep working while a broker accepts no new ones (out of file descriptors, a wedged listener), so a
// health check that reuses them would say ok while every new client fails.
import { apiVersionsV3, Connection, metadataV12 } from '@platformatic/kafka';
import { type ClusterConnection, protocolConnectionOptions } from './cluster-client.ts';
import { kafkaErrorMessage } from './kafka-error-message.ts';
import { splitHostPort } from './split-host-port.ts';

export async function probeNewConnection(cluster: ClusterConnection, clientId: string): Promise<string> {
  const failures: string[] = [];
  for (const server of cluster.bootstrapServers) {
    const { host, port } = splitHostPort(server);
    const connection = new Connection(clientId, protocolConnectionOptions(cluster));
    try {
      await connection.connect(host, port);
      await apiVersionsV3.api.async(connection, 'samsa-console', '1');
      // No topics asked: only the brokers, which every client needs first.
      const metadata = await metadataV12.api.async(connection, [], false, false);
      return `a new connection to ${server} answered ApiVersions and Metadata (${metadata.brokers.length} broker(s))`;
    } catch (error) {
      failures.push(`${server}: ${kafkaErrorMessage(error)}`);
    } finally {
      await connection.close().catch(() => {});
    }
  }
  throw new Error(`No bootstrap broker answered a new connection: ${failures.join('; ')}`);
}
