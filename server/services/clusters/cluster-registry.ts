// Knows every cluster (the built-in one, always present, plus the stored external ones), keeps one
// ClusterClient per cluster, and a short-lived metadata cache so listing 10,000 topics pages from memory.
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { clusters } from '../../db/schema/index.ts';
import { type BrokerInfo, ClusterClient, type ClusterConnection, type ClusterMetadataSnapshot } from '../../kafka/cluster-client.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import { ConsumptionTracker } from '../../kafka/consumption-rate.ts';
import { ThroughputTracker } from '../../kafka/throughput-tracker.ts';
import { NotFoundError } from '../service-error.ts';

export const builtInClusterId = 'built-in';

export interface ClusterSummary {
  id: string;
  name: string;
  bootstrapServers: string;
  builtIn: boolean;
  saslMechanism: string | null;
  tlsEnabled: boolean;
}

/** Metadata older than this is fetched again; short, so changes by other tools appear quickly. */
const metadataMaxAgeMs = 3_000;

interface CachedMetadata {
  snapshot: Promise<ClusterMetadataSnapshot>;
  fetchedAtMs: number;
}

export class ClusterRegistry {
  readonly #db: Database;
  readonly #secretBox: SecretBox;
  readonly #builtIn: ClusterConnection;
  readonly #builtInClientBootstrap: string[];
  readonly #clients = new Map<string, ClusterClient>();
  readonly #metadata = new Map<string, CachedMetadata>();
  /** Baselines for the overview's in-rates, one per cluster. */
  readonly throughput = new ThroughputTracker();
  /** Two samples per consumer group: its consumption rate, "catches up in N min", reprocessing estimates. */
  readonly consumption = new ConsumptionTracker();

  /**
   * `builtIn`: the console's own connection to the built-in cluster (server/env.ts), its SASL login included.
   * `builtInClientBootstrap`: where other Kafka clients reach it (npm start: the PLAINTEXT port, 9092).
   */
  constructor(db: Database, secretBox: SecretBox, builtIn: ClusterConnection, builtInClientBootstrap?: string) {
    this.#db = db;
    this.#secretBox = secretBox;
    this.#builtIn = builtIn;
    this.#builtInClientBootstrap = builtInClientBootstrap?.split(',').map((server) => server.trim()) ?? builtIn.bootstrapServers;
  }

  /**
   * The brokers as Kafka clients reach them. Metadata answers with the listener a request came in on, and the
   * console logs in to the built-in broker on its own SASL listener; other clients use the client bootstrap
   * (one broker, so its one address). Other clusters are shown as their metadata says.
   */
  brokersAsClientsSee(clusterId: string, brokers: BrokerInfo[]): BrokerInfo[] {
    const clientAddress = this.#builtInClientBootstrap[0];
    if (clusterId !== builtInClusterId || this.#builtInClientBootstrap.length !== 1 || clientAddress === undefined) return brokers;
    const consoleAddresses = new Set(this.#builtIn.bootstrapServers);
    const separator = clientAddress.lastIndexOf(':');
    const client = { host: clientAddress.slice(0, separator), port: Number(clientAddress.slice(separator + 1)) };
    if (!Number.isInteger(client.port)) return brokers;
    return brokers.map((broker) => (consoleAddresses.has(`${broker.host}:${broker.port}`) ? { ...broker, ...client } : broker));
  }

  async list(): Promise<ClusterSummary[]> {
    const rows = await this.#db.select().from(clusters).orderBy(clusters.name);
    const builtIn: ClusterSummary = {
      id: builtInClusterId,
      name: 'Built-in broker',
      bootstrapServers: this.#builtInClientBootstrap.join(','),
      builtIn: true,
      saslMechanism: this.#builtIn.sasl?.mechanism ?? null,
      tlsEnabled: this.#builtIn.tls !== undefined,
    };
    return [
      builtIn,
      ...rows.map((row) => ({
        id: row.id,
        name: row.name,
        bootstrapServers: row.bootstrapServers,
        builtIn: false,
        saslMechanism: row.saslMechanism,
        tlsEnabled: row.tlsEnabled,
      })),
    ];
  }

  async client(clusterId: string): Promise<ClusterClient> {
    const existing = this.#clients.get(clusterId);
    if (existing) return existing;
    const created = new ClusterClient(clusterId, await this.#connectionFor(clusterId));
    // Two concurrent first calls: keep the first client, close the spare.
    const raced = this.#clients.get(clusterId);
    if (raced) {
      void created.close();
      return raced;
    }
    this.#clients.set(clusterId, created);
    return created;
  }

  /** Cached cluster metadata; concurrent callers share one request. Failures are not cached. */
  async metadata(clusterId: string, options: { fresh?: boolean } = {}): Promise<ClusterMetadataSnapshot> {
    const cached = this.#metadata.get(clusterId);
    if (cached && !options.fresh && Date.now() - cached.fetchedAtMs < metadataMaxAgeMs) return cached.snapshot;
    const client = await this.client(clusterId);
    const entry: CachedMetadata = { snapshot: client.describeCluster(), fetchedAtMs: Date.now() };
    this.#metadata.set(clusterId, entry);
    entry.snapshot.catch(() => {
      if (this.#metadata.get(clusterId) === entry) this.#metadata.delete(clusterId);
    });
    return entry.snapshot;
  }

  /** After a change through Samsa, the next read must see it. */
  invalidate(clusterId: string): void {
    this.#metadata.delete(clusterId);
  }

  async forget(clusterId: string): Promise<void> {
    this.invalidate(clusterId);
    const client = this.#clients.get(clusterId);
    this.#clients.delete(clusterId);
    await client?.close();
  }

  async close(): Promise<void> {
    const all = [...this.#clients.values()];
    this.#clients.clear();
    this.#metadata.clear();
    await Promise.allSettled(all.map((client) => client.close()));
  }

  /** How to reach the cluster, for clients other than the shared admin (record fetchers, producers). */
  async connection(clusterId: string): Promise<ClusterConnection> {
    return this.#connectionFor(clusterId);
  }

  async #connectionFor(clusterId: string): Promise<ClusterConnection> {
    if (clusterId === builtInClusterId) return this.#builtIn;
    const [row] = await this.#db.select().from(clusters).where(eq(clusters.id, clusterId));
    if (!row) throw new NotFoundError(`No cluster with id ${clusterId}.`);
    return {
      bootstrapServers: splitServers(row.bootstrapServers),
      sasl:
        row.saslMechanism && row.saslUsername
          ? {
              mechanism: row.saslMechanism,
              username: row.saslUsername,
              password: row.saslPasswordEncrypted ? this.#secretBox.open(row.saslPasswordEncrypted) : '',
            }
          : undefined,
      tls: row.tlsEnabled ? { caPem: row.tlsCaPem ?? undefined, rejectUnauthorized: row.tlsRejectUnauthorized } : undefined,
    };
  }
}

export function splitServers(list: string): string[] {
  return list
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server.length > 0);
}
