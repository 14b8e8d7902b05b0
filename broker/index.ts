// startBroker: the one public entry of the broker engine. Everything else in broker/ is internal.

import { BrokerServer } from './network/broker-server.ts';
import { createDispatcher } from './handlers/request-dispatcher.ts';
import { createHandlerRegistry } from './handlers/registry.ts';
import type { BrokerState } from './handlers/api-handler.ts';
import { TopicRegistry } from './topics/topic-registry.ts';
import { FileHandleCache } from './log/file-handle-cache.ts';
import { nodeFileSystem } from './log/file-system.ts';
import { AppendNotifier } from './topics/append-notifier.ts';
import { startLogMaintenance } from './topics/log-maintenance.ts';
import { AdminChangeLog } from './topics/admin-change-log.ts';
import { openGroupCoordinator } from './coordinator/open-group-coordinator.ts';
import { openTransactionCoordinator } from './transactions/open-transaction-coordinator.ts';
import { defaultBrokerConfig, type BrokerConfig, type SecurityProtocol } from './config.ts';
import { ScramCredentialStore } from './security/scram-credential-store.ts';
import { loadListenerSecurity } from './security/listener-security.ts';
import { startExtraListeners } from './security/extra-listeners.ts';
import { startMetricsExporter } from './metrics/metrics-exporter.ts';
import { CloserStack } from './closer-stack.ts';

export type { BrokerConfig, ListenerConfig, SecurityProtocol } from './config.ts';
export { defaultBrokerConfig } from './config.ts';
export { requestChannel, type RequestEvent } from './handlers/request-dispatcher.ts';
export { adminChangeChannel, ADMIN_CHANGES_TOPIC, type AdminChange } from './topics/admin-change-log.ts';

export interface Broker {
  readonly host: string;
  readonly port: number;
  readonly clusterId: string;
  readonly dataDir: string;
  /** Every listener, the main one (host:port) first. */
  readonly listeners: ReadonlyArray<{ securityProtocol: SecurityProtocol; port: number }>;
  /** Port of the Prometheus endpoint, null when it is off. */
  readonly metricsPort: number | null;
  /** Stops accepting connections, closes them, flushes and closes every log. */
  close(): Promise<void>;
}

export async function startBroker(overrides: Partial<BrokerConfig> = {}): Promise<Broker> {
  const config: BrokerConfig = { ...defaultBrokerConfig, ...overrides };
  const closers = new CloserStack(config.log);
  try {
    return await openBroker(config, closers);
  } catch (error) {
    // Each failing closer was logged; the error that stopped the start is the one to report.
    await closers.closeAll().catch(() => undefined);
    throw error;
  }
}

/** Opens every component in dependency order, registering each one's closer as soon as it is open. */
async function openBroker(config: BrokerConfig, closers: CloserStack): Promise<Broker> {
  const topics = await TopicRegistry.open({
    dataDir: config.dataDir,
    topicConfigDefaults: config.topicConfigDefaults,
    log: config.log,
    fileSystem: new FileHandleCache(nodeFileSystem, config.maxOpenFiles),
  });
  closers.push('topics', () => topics.close());
  const appendNotifier = new AppendNotifier();
  const adminChanges = await AdminChangeLog.open(topics, config.log);
  const groups = await openGroupCoordinator(
    topics,
    {
      initialRebalanceDelayMs: config.groupInitialRebalanceDelayMs,
      consumerGroupMigrationPolicy: config.groupConsumerMigrationPolicy,
      minSessionTimeoutMs: config.groupMinSessionTimeoutMs,
      maxSessionTimeoutMs: config.groupMaxSessionTimeoutMs,
      maxGroupSize: config.groupMaxSize,
      maxGroups: config.maxGroups,
      offsetMetadataMaxBytes: config.offsetMetadataMaxBytes,
      offsetsRetentionMs: config.offsetsRetentionMs,
      offsetsRetentionCheckIntervalMs: config.offsetsRetentionCheckIntervalMs,
      offsetsTopicNumPartitions: config.offsetsTopicNumPartitions,
    },
    config.log,
  );
  closers.push('group coordinator', () => groups.close());
  // After the group coordinator: completing a recovered transaction ends its offsets pending in the groups.
  const transactions = await openTransactionCoordinator(
    topics,
    groups,
    appendNotifier,
    {
      maxTimeoutMs: config.transactionMaxTimeoutMs,
      sweepIntervalMs: config.transactionAbortTimedOutCleanupIntervalMs,
      stateTopicPartitions: config.transactionStateLogNumPartitions,
    },
    config.log,
  );
  closers.push('transaction coordinator', () => transactions.close());
  const scramCredentials = await ScramCredentialStore.open(config.dataDir);
  closers.push('SCRAM credentials', () => scramCredentials.flush());
  const state: BrokerState = {
    config,
    topics,
    appendNotifier,
    adminChanges,
    groups,
    transactions: transactions.coordinator,
    advertisedHost: config.host,
    advertisedPort: config.port,
    scramCredentials,
  };
  const handlers = createHandlerRegistry();
  for (const user of config.saslUsers) await scramCredentials.ensureUser(user.name, user.password);
  const securityFor = await loadListenerSecurity(config, scramCredentials);
  const server = await BrokerServer.listen({
    host: config.host,
    port: config.port,
    maxRequestBytes: config.maxRequestBytes,
    maxInFlightRequestsPerConnection: config.maxInFlightRequestsPerConnection,
    dispatch: createDispatcher(state, handlers),
    log: config.log,
    ...securityFor(config.securityProtocol),
  });
  closers.push('listener', () => server.close());
  state.advertisedPort = server.port;
  // Closes the listeners it opened itself when one of them fails.
  const extraListeners = await startExtraListeners(config, state, handlers, securityFor);
  closers.push('extra listeners', async () => {
    await Promise.all(extraListeners.map((listener) => listener.server.close()));
  });
  const servers = [{ securityProtocol: config.securityProtocol, port: server.port, server }, ...extraListeners];
  const metrics =
    config.metricsPort === null
      ? null
      : await startMetricsExporter({
          host: config.host,
          port: config.metricsPort,
          topics,
          connectionCounts: () =>
            servers.map(({ securityProtocol, port, server }) => ({
              listener: `${securityProtocol}:${port}`,
              count: server.connectionCount,
            })),
          groupCounts: () => countGroupsByState(state),
        });
  if (metrics !== null) closers.push('metrics exporter', () => metrics.close());
  closers.push('log maintenance', startLogMaintenance(topics, config));
  let closing: Promise<void> | null = null;
  return {
    host: config.host,
    port: server.port,
    clusterId: topics.clusterId,
    dataDir: config.dataDir,
    listeners: servers.map(({ securityProtocol, port }) => ({ securityProtocol, port })),
    metricsPort: metrics?.port ?? null,
    close() {
      closing ??= (async () => {
        // First: answers JoinGroup/SyncGroup calls still waiting, so closing connections does not wait on them.
        groups.close();
        await closers.closeAll();
      })();
      return closing;
    },
  };
}

/** Group counts per state, for the metrics exporter. */
function countGroupsByState(state: BrokerState): Map<string, number> {
  const counts = new Map<string, number>();
  for (const group of state.groups.groups.values()) counts.set(group.state, (counts.get(group.state) ?? 0) + 1);
  return counts;
}
