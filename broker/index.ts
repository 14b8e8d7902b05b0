// startBroker: the one public entry of the broker engine. Everything else in broker/ is internal.

import { BrokerServer } from './network/broker-server.ts';
import { createDispatcher } from './handlers/request-dispatcher.ts';
import { createHandlerRegistry } from './handlers/registry.ts';
import type { BrokerState } from './handlers/api-handler.ts';
import { TopicRegistry } from './topics/topic-registry.ts';
import { AppendNotifier } from './topics/append-notifier.ts';
import { startLogMaintenance } from './topics/log-maintenance.ts';
import { AdminChangeLog } from './topics/admin-change-log.ts';
import { defaultBrokerConfig, type BrokerConfig } from './config.ts';

export type { BrokerConfig } from './config.ts';
export { defaultBrokerConfig } from './config.ts';
export { requestChannel, type RequestEvent } from './handlers/request-dispatcher.ts';
export { adminChangeChannel, ADMIN_CHANGES_TOPIC, type AdminChange } from './topics/admin-change-log.ts';

export interface Broker {
  readonly host: string;
  readonly port: number;
  readonly clusterId: string;
  readonly dataDir: string;
  /** Stops accepting connections, closes them, flushes and closes every log. */
  close(): Promise<void>;
}

export async function startBroker(overrides: Partial<BrokerConfig> = {}): Promise<Broker> {
  const config: BrokerConfig = { ...defaultBrokerConfig, ...overrides };
  const topics = await TopicRegistry.open({
    dataDir: config.dataDir,
    topicConfigDefaults: config.topicConfigDefaults,
    log: config.log,
  });
  const state: BrokerState = {
    config,
    topics,
    appendNotifier: new AppendNotifier(),
    adminChanges: await AdminChangeLog.open(topics, config.log),
    advertisedHost: config.host,
    advertisedPort: config.port,
  };
  let server: BrokerServer;
  try {
    server = await BrokerServer.listen({
      host: config.host,
      port: config.port,
      maxRequestBytes: config.maxRequestBytes,
      maxInFlightRequestsPerConnection: config.maxInFlightRequestsPerConnection,
      dispatch: createDispatcher(state, createHandlerRegistry()),
      log: config.log,
    });
  } catch (error) {
    await topics.close();
    throw error;
  }
  state.advertisedPort = server.port;
  const stopMaintenance = startLogMaintenance(topics, config);
  let closing: Promise<void> | null = null;
  return {
    host: config.host,
    port: server.port,
    clusterId: topics.clusterId,
    dataDir: config.dataDir,
    close() {
      closing ??= (async () => {
        await server.close();
        await stopMaintenance();
        await topics.close();
      })();
      return closing;
    },
  };
}
