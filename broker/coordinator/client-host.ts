// Kafka reports a member's host as the InetAddress string of its connection: "/127.0.0.1".

/** `clientAddress` is "host:port" (IPv6 hosts contain colons, so the port is cut at the last one). */
export function clientHostOf(clientAddress: string): string {
  const colon = clientAddress.lastIndexOf(':');
  const host = colon > 0 ? clientAddress.slice(0, colon) : clientAddress;
  return `/${host.replace(/^\[|\]$/g, '')}`;
}
