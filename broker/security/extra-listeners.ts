// Listeners beside the main one (Kafka's `listeners`), e.g. SASL_PLAINTEXT next to PLAINTEXT. All share the
// broker state and handlers; each advertises its own port in Metadata, FindCoordinator and DescribeCluster,
// as Kafka answers with the endpoint of the listener a request came in on, so a client that bootstrapped on
// the SASL listener keeps using it.

import { BrokerServer } from '../network/broker-server.ts';
import { createDispatcher } from '../handlers/request-dispatcher.ts';
import type { AnyApiHandler, BrokerState } from '../handlers/api-handler.ts';
import type { BrokerConfig, SecurityProtocol } from '../config.ts';
import type { ListenerSecurity } from './listener-security.ts';

export interface RunningListener {
  readonly securityProtocol: SecurityProtocol;
  readonly port: number;
  readonly server: BrokerServer;
}

/**
 * The shared state seen through one listener: every field reads through to `state` (prototype delegation,
 * so fields set later stay shared), except the advertised address.
 */
export function listenerView(state: BrokerState, advertisedPort: number): BrokerState {
  return Object.create(state, { advertisedPort: { value: advertisedPort, writable: true, enumerable: true } }) as BrokerState;
}

export async function startExtraListeners(
  config: BrokerConfig,
  state: BrokerState,
  handlers: ReadonlyMap<number, AnyApiHandler>,
  securityFor: (protocol: SecurityProtocol) => ListenerSecurity,
): Promise<RunningListener[]> {
  const running: RunningListener[] = [];
  try {
    for (const listener of config.extraListeners) {
      const view = listenerView(state, listener.port);
      const server = await BrokerServer.listen({
        host: config.host,
        port: listener.port,
        maxRequestBytes: config.maxRequestBytes,
        maxInFlightRequestsPerConnection: config.maxInFlightRequestsPerConnection,
        dispatch: createDispatcher(view, handlers),
        log: config.log,
        ...securityFor(listener.securityProtocol),
      });
      view.advertisedPort = server.port;
      running.push({ securityProtocol: listener.securityProtocol, port: server.port, server });
    }
  } catch (error) {
    await Promise.all(running.map((listener) => listener.server.close()));
    throw error;
  }
  return running;
}
