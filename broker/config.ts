// Broker configuration: what `startBroker` accepts and the defaults a plain `npm run broker` uses.

export interface BrokerConfig {
  /** Address the listener binds and advertises. Loopback by default: Samsa's broker is single-node. */
  host: string;
  /** 0 picks a free port; the bound port is reported by the started broker. */
  port: number;
  dataDir: string;
  nodeId: number;
  /** Largest request frame accepted; a bigger declared size closes that connection. Kafka: socket.request.max.bytes. */
  maxRequestBytes: number;
  /** Per-connection cap on requests being handled at once; reading pauses above it. */
  maxInFlightRequestsPerConnection: number;
  /** Kafka's auto.create.topics.enable; off by default here, as an operator console expects explicit topics. */
  autoCreateTopics: boolean;
  /** num.partitions: used by auto-creation and CreateTopics with numPartitions -1. */
  defaultNumPartitions: number;
  /** Broker-level topic config defaults (Kafka's log.* settings), e.g. { 'segment.bytes': '1048576' }. */
  topicConfigDefaults: Record<string, string>;
  /** How often the background retention/flush tasks run. Kafka: log.retention.check.interval.ms. */
  retentionCheckIntervalMs: number;
  /** Log lines go here (stderr by default); tests pass a quiet logger. */
  log: (line: string) => void;
}

export const defaultBrokerConfig: BrokerConfig = {
  host: '127.0.0.1',
  port: 9092,
  dataDir: './data',
  nodeId: 1,
  maxRequestBytes: 100 * 1024 * 1024,
  maxInFlightRequestsPerConnection: 1000,
  autoCreateTopics: false,
  defaultNumPartitions: 1,
  topicConfigDefaults: {},
  retentionCheckIntervalMs: 300_000,
  log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
};
