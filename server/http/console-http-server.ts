// The console's HTTP server (scripts/start.ts): node:http in front of Next's request handler, because only
// here is the socket's peer address known. For every request it
// - deletes any client-sent `clientAddressHeader` and sets it to the address resolved from the socket (and,
//   from trusted proxies only, X-Forwarded-For): route handlers read the client address from it;
// - refuses a declared body over the cap with 413 before Next reads a byte (route handlers cap the rest).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { METRICS_PATH, type MetricsHandler } from './metrics-endpoint.ts';
import { clientAddressHeader, markClientAddressTrusted, resolveClientAddress } from './client-address.ts';

export interface ConsoleHttpServerOptions {
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  trustedProxies: BlockList | null;
  maxRequestBodyBytes: number;
  /** GET /metrics, answered here (the socket address decides loopback access), never by Next. */
  metrics?: MetricsHandler;
}

export function createConsoleHttpServer(options: ConsoleHttpServerOptions): Server {
  markClientAddressTrusted();
  return createServer((request, response) => {
    const forwardedFor = request.headers['x-forwarded-for'];
    request.headers[clientAddressHeader] = resolveClientAddress(
      request.socket.remoteAddress,
      Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor,
      options.trustedProxies,
    );
    const declaredBytes = Number(request.headers['content-length'] ?? 0);
    if (declaredBytes > options.maxRequestBodyBytes) {
      response.writeHead(413, { 'content-type': 'application/json', connection: 'close', 'x-content-type-options': 'nosniff' });
      response.end(
        JSON.stringify({
          error: { message: `The request body is larger than ${options.maxRequestBodyBytes} bytes.`, code: 'PAYLOAD_TOO_LARGE' },
        }),
      );
      return;
    }
    const handler = options.metrics && pathOf(request.url) === METRICS_PATH ? options.metrics : options.handle;
    handler(request, response).catch((error: unknown) => {
      console.error(
        `Samsa console: request ${request.method} ${request.url} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('Internal error');
    });
  });
}

function pathOf(url: string | undefined): string {
  const end = (url ?? '').search(/[?#]/);
  return end < 0 ? (url ?? '') : (url ?? '').slice(0, end);
}
