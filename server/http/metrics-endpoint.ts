// GET /metrics, answered by the console's node:http server (console-http-server.ts) before Next: only there
// is the socket's peer address known, which decides loopback-only access (server/metrics/metrics-access.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsAccess } from '../metrics/metrics-access.ts';
import { renderMetrics } from '../metrics/render-metrics.ts';
import type { ConsoleRuntime } from '../runtime/console-runtime.ts';

export const METRICS_PATH = '/metrics';

export type MetricsHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export function createMetricsHandler(runtime: () => Promise<ConsoleRuntime>, token: string | undefined): MetricsHandler {
  return async (request, response) => {
    const headers = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain' });
      response.end('Method not allowed\n');
      return;
    }
    const access = metricsAccess(
      {
        socketAddress: request.socket.remoteAddress,
        authorization: request.headers.authorization,
        forwarded: request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined,
      },
      token,
    );
    if (!access.allowed) {
      response.writeHead(access.status, {
        ...headers,
        'content-type': 'text/plain',
        ...(access.status === 401 ? { 'www-authenticate': 'Bearer realm="samsa-metrics"' } : {}),
      });
      response.end(`${access.message}\n`);
      return;
    }
    const { contentType, body } = await renderMetrics(await runtime());
    response.writeHead(200, { ...headers, 'content-type': contentType });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}
