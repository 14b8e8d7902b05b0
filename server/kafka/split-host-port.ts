// "host:port" (or "[v6]:port") -> { host, port }; the port defaults to Kafka's 9092.
export function splitHostPort(server: string): { host: string; port: number } {
  const bracketed = /^\[(.+)\]:(\d+)$/.exec(server);
  if (bracketed) return { host: bracketed[1], port: Number(bracketed[2]) };
  const colon = server.lastIndexOf(':');
  if (colon <= 0) return { host: server, port: 9092 };
  return { host: server.slice(0, colon), port: Number(server.slice(colon + 1)) };
}
