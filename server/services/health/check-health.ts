// GET /api/health: the database, whether the audit log takes records (changes are refused otherwise), the
// built-in broker as a new client sees it, each with its own state and error, and the broker-change
// recorder's status (unhealthy only while 'failing', see broker-changes-health.ts).
import { checkAuditLogWritable } from '../../db/audit-log-writable.ts';
import { probeNewConnection } from '../../kafka/probe-new-connection.ts';
import type { ConsoleRuntime } from '../../runtime/console-runtime.ts';
import { feedGapShownForMs, findRecentChangeFeedGap } from '../audit/change-feed-gap.ts';
import { builtInClusterId } from '../clusters/cluster-registry.ts';
import { brokerChangesHealth, type BrokerChangesHealth } from './broker-changes-health.ts';

export interface ComponentHealth {
  ok: boolean;
  detail: string;
}

export interface Health {
  ok: boolean;
  database: ComponentHealth & { kind: string };
  /** Audit-or-refuse: while the audit log cannot take records, every change is refused. */
  auditLog: ComponentHealth;
  broker: ComponentHealth & { bootstrap: string };
  /** Audit of other tools' changes to the built-in broker (server/jobs/broker-change-recorder.ts). */
  brokerChanges: BrokerChangesHealth;
}

const checkTimeoutMs = 5_000;

export async function checkHealth(runtime: ConsoleRuntime): Promise<Health> {
  const [database, auditLog, broker] = await Promise.all([
    probe(() => runtime.database.ping().then(() => 'reachable')),
    probe(() => checkAuditLogWritable(runtime.db)),
    probe(async () => {
      // A new connection first: the pooled ones behind the metadata below can outlive a broker that
      // accepts no new clients.
      const newClient = await probeNewConnection(await runtime.clusters.connection(builtInClusterId), 'samsa-console-health');
      const metadata = await runtime.clusters.metadata(builtInClusterId);
      return `${metadata.brokers.length} broker(s), ${metadata.topics.length} topic(s); ${newClient}`;
    }),
  ]);
  // When the database cannot answer, `database` says so; the gap is then unknown and shown as none.
  const feedGap = await findRecentChangeFeedGap(runtime.db, builtInClusterId, Date.now() - feedGapShownForMs).catch(() => null);
  const brokerChanges = brokerChangesHealth(runtime.brokerChanges.status(), feedGap);
  return {
    ok: database.ok && auditLog.ok && broker.ok && brokerChanges.ok,
    database: { ...database, kind: runtime.database.kind },
    auditLog,
    broker: { ...broker, bootstrap: runtime.config.kafkaBootstrap },
    brokerChanges,
  };
}

async function probe(check: () => Promise<string>): Promise<ComponentHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
  });
  try {
    return { ok: true, detail: await Promise.race([check(), timeout]) };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
