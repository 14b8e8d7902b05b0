// Which address a request came from. Only the socket's peer address is a fact; X-Forwarded-For is whatever
// the sender wrote, unless the peer is one of our own proxies (SAMSA_TRUSTED_PROXIES). Then the chain is read
// from the right, skipping our proxies, and the first address not ours is the client (the left-most entries
// are the client's own claims and are never believed).
//
// Next.js does not expose the socket to route handlers, so scripts/start.ts serves Next behind a node:http
// server that resolves the address here and passes it on in `clientAddressHeader`, after deleting any copy a
// client sent. Route handlers believe that header only when that server said so (markClientAddressTrusted):
// under a plain `next start` every request is 'unknown' (one shared bucket) rather than spoofable.
import { BlockList, isIP } from 'node:net';

export const clientAddressHeader = 'x-samsa-client-address';
export const unknownClientAddress = 'unknown';
/** Bounds the work per request: a longer X-Forwarded-For is read only up to this many hops from the right. */
const maxForwardedHops = 32;
const trustedMarker = Symbol.for('samsa.clientAddressHeaderTrusted');

type GlobalWithMarker = typeof globalThis & { [trustedMarker]?: boolean };

/** Called by scripts/start.ts's server, which always overwrites `clientAddressHeader`. */
export function markClientAddressTrusted(): void {
  (globalThis as GlobalWithMarker)[trustedMarker] = true;
}

/** The client address as resolved by scripts/start.ts's server, or 'unknown' when not behind it. */
export function clientAddressOf(headers: Headers): string {
  if (!(globalThis as GlobalWithMarker)[trustedMarker]) return unknownClientAddress;
  const address = headers.get(clientAddressHeader);
  return address && isIP(address) ? address : unknownClientAddress;
}

/** Parses SAMSA_TRUSTED_PROXIES: comma-separated addresses or CIDRs. Throws naming the bad entry. */
export function parseTrustedProxies(value: string | undefined): BlockList | null {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefixText, extra] = entry.split('/');
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
    if (
      family === 0 ||
      extra !== undefined ||
      !/^\d*$/.test(prefixText ?? '') ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > maxPrefix
    ) {
      throw new Error(`SAMSA_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    }
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

/** '::ffff:10.0.0.1' -> '10.0.0.1', so IPv4 clients on a dual-stack socket look like IPv4 everywhere. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address.toLowerCase();
}

function isTrusted(address: string, proxies: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy; then the right-most address in
 * X-Forwarded-For that is not a trusted proxy. A malformed hop ends the walk at the last trusted hop: a
 * proxy of ours wrote everything to its right, so the left of garbage is not worth believing.
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  proxies: BlockList | null,
): string {
  if (!socketAddress || isIP(normalizeAddress(socketAddress)) === 0) return unknownClientAddress;
  let client = normalizeAddress(socketAddress);
  if (!proxies || !forwardedFor || !isTrusted(client, proxies)) return client;
  const hops = forwardedFor
    .split(',')
    .slice(-maxForwardedHops)
    .map((hop) => normalizeAddress(hop.trim()));
  for (let index = hops.length - 1; index >= 0; index--) {
    if (isIP(hops[index]) === 0) return client;
    client = hops[index];
    if (!isTrusted(client, proxies)) return client;
  }
  return client;
}
