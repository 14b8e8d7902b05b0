// Who may read /metrics: with SAMSA_METRICS_TOKEN set, a request bearing it (compared in constant time);
// without, only connections whose socket peer is a loopback address. The socket address is the fact; headers
// never grant access. A request carrying forwarding headers is refused without a token: a reverse proxy on the
// same host would otherwise make every outside scraper look local.
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

export interface MetricsAccessRequest {
  /** request.socket.remoteAddress */
  socketAddress: string | undefined;
  authorization: string | undefined;
  forwarded: boolean;
}

export type MetricsAccess = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

export function metricsAccess(request: MetricsAccessRequest, token: string | undefined): MetricsAccess {
  if (token !== undefined) {
    const presented = /^Bearer (.+)$/i.exec(request.authorization ?? '')?.[1] ?? '';
    const expected = Buffer.from(token);
    const given = Buffer.from(presented);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { allowed: true };
    return { allowed: false, status: 401, message: 'A bearer token is required (SAMSA_METRICS_TOKEN).' };
  }
  if (!request.forwarded && isLoopback(request.socketAddress)) return { allowed: true };
  return {
    allowed: false,
    status: 403,
    message: '/metrics answers loopback connections only; set SAMSA_METRICS_TOKEN to scrape from elsewhere or through a proxy.',
  };
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}
