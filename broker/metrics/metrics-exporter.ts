// Prometheus endpoint: GET /metrics on its own HTTP port. Subscribes to the broker's diagnostics channels
// (the broker itself knows nothing of metrics) and reads gauges at scrape time. Channels are process-wide:
// two brokers in one process would count each other's events.

import http from 'node:http';
import type { Channel } from 'node:diagnostics_channel';
import { requestChannel, type RequestEvent } from '../handlers/request-dispatcher.ts';
import { adminChangeChannel } from '../topics/admin-change-log.ts';
import { saslAuthenticationChannel } from '../security/sasl-gate.ts';
import type { SaslAuthenticationEvent } from '../security/sasl-session.ts';
import { trafficChannel, type TrafficEvent } from './traffic-channel.ts';
import { BrokerMetrics, type GaugeSources } from './broker-metrics.ts';
import { PROMETHEUS_CONTENT_TYPE, formatMetrics } from './prometheus-text.ts';

export interface MetricsExporterOptions extends GaugeSources {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export interface MetricsExporter {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsExporter(options: MetricsExporterOptions): Promise<MetricsExporter> {
  const metrics = new BrokerMetrics();
  const subscriptions: Array<[Channel, (message: unknown) => void]> = [
    [requestChannel, (message) => metrics.onRequest(message as RequestEvent)],
    [trafficChannel, (message) => metrics.onTraffic(message as TrafficEvent)],
    [saslAuthenticationChannel, (message) => metrics.onAuthentication(message as SaslAuthenticationEvent)],
    [adminChangeChannel, (message) => metrics.onAdminChange(message as { action: string })],
  ];
  for (const [channel, listener] of subscriptions) channel.subscribe(listener);
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the metrics are at GET /metrics\n');
      return;
    }
    response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(formatMetrics(metrics.families(options)));
  });
  const unsubscribe = () => subscriptions.forEach(([channel, listener]) => channel.unsubscribe(listener));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    unsubscribe();
    throw error;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('metrics server is not listening');
  return {
    port: address.port,
    close() {
      unsubscribe();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
