// Broker configuration: what `startBroker` accepts and the defaults a plain `npm run broker` uses.

import { readFileSync } from 'node:fs';
import type { ConsumerGroupMigrationPolicy } from './coordinator/group-coordinator-config.ts';

/** Kafka's security protocols; a listener speaks one of them. */
export type SecurityProtocol = 'PLAINTEXT' | 'SASL_PLAINTEXT' | 'SSL' | 'SASL_SSL';

/** One more listener beside the main one, on the same host (Kafka's `listeners`). */
export interface ListenerConfig {
  securityProtocol: SecurityProtocol;
  /** 0 picks a free port. */
  port: number;
}

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
  /** Most partitions one topic may have (CreateTopics / CreatePartitions beyond it: INVALID_PARTITIONS). */
  maxPartitionsPerTopic: number;
  /** Most partitions this broker hosts, internal topics included (beyond it: POLICY_VIOLATION). KIP-578's max.broker.partitions. */
  maxPartitions: number;
  /**
   * Bound on the log files held open at once (segments and indexes are opened on use and the least recently
   * used closed beyond it), so the partition count never runs the process out of file descriptors.
   */
  maxOpenFiles: number;
  /** Broker-level topic config defaults (Kafka's log.* settings), e.g. { 'segment.bytes': '1048576' }. */
  topicConfigDefaults: Record<string, string>;
  /** How often the background retention/flush tasks run. Kafka: log.retention.check.interval.ms. */
  retentionCheckIntervalMs: number;
  /** Pause between log cleaner passes over compacted topics. Kafka: log.cleaner.backoff.ms. */
  logCleanerBackoffMs: number;
  /** Log lines go here (stderr by default); tests pass a quiet logger. */
  log: (line: string) => void;
  /** Security of the main listener (host:port). */
  securityProtocol: SecurityProtocol;
  /** More listeners, e.g. SASL_PLAINTEXT beside the PLAINTEXT main one; each advertises itself in Metadata. */
  extraListeners: ListenerConfig[];
  /** Kafka's sasl.enabled.mechanisms: any of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512. */
  saslMechanisms: string[];
  /** Users ensured at start-up (SCRAM credentials derived, never stored in clear), so tools can log in. */
  saslUsers: Array<{ name: string; password: string }>;
  /** PEM certificate chain and private key for SSL and SASL_SSL listeners. */
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
  /** Port of the Prometheus endpoint (GET /metrics) on `host`; null turns it off, 0 picks a free port. */
  metricsPort: number | null;
  /** Consumer groups, Kafka's names: group.initial.rebalance.delay.ms (Kafka 3000; tests set it low). */
  groupInitialRebalanceDelayMs: number;
  /** group.consumer.migration.policy (Kafka's default bidirectional): online upgrade/downgrade between protocols. */
  groupConsumerMigrationPolicy: ConsumerGroupMigrationPolicy;
  /** group.min.session.timeout.ms / group.max.session.timeout.ms (INVALID_SESSION_TIMEOUT outside). */
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
  /** group.max.size (Kafka: unbounded). */
  groupMaxSize: number;
  /** Bound on the number of groups (no Kafka equivalent). */
  maxGroups: number;
  /** offsets.topic.num.partitions: partitions of __consumer_offsets when it is created. */
  offsetsTopicNumPartitions: number;
  /** offset.metadata.max.bytes. */
  offsetMetadataMaxBytes: number;
  /** offsets.retention.minutes, in ms (Kafka: 7 days), and how often expired offsets are removed. */
  offsetsRetentionMs: number;
  offsetsRetentionCheckIntervalMs: number;
  /** Transactions, Kafka's names: transaction.max.timeout.ms (larger client timeouts are refused). */
  transactionMaxTimeoutMs: number;
  /** transaction.abort.timed.out.transaction.cleanup.interval.ms: how often timed-out transactions are aborted. */
  transactionAbortTimedOutCleanupIntervalMs: number;
  /** transaction.state.log.num.partitions: partitions of __transaction_state when it is created. */
  transactionStateLogNumPartitions: number;
}

/** Below this the log could not keep a partition's active segment and its indexes open while it works. */
export const MIN_OPEN_FILES = 16;
/** Cap of the default open-file bound: enough for thousands of busy partitions. */
const MAX_DEFAULT_OPEN_FILES = 8192;
/** Used when the process's limit can not be read (not Linux). */
const FALLBACK_OPEN_FILES = 1024;

/**
 * Half the process's soft open-file limit (RLIMIT_NOFILE, from /proc/self/limits), at most 8192: the other
 * half stays free for client connections, the metadata log and short-lived files.
 */
export function defaultMaxOpenFiles(): number {
  let limit = FALLBACK_OPEN_FILES * 2;
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((text) => text.startsWith('Max open files'));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    if (Number.isInteger(soft) && soft > 0) limit = soft;
  } catch {
    // Not Linux: keep the fallback.
  }
  return Math.max(MIN_OPEN_FILES * 4, Math.min(MAX_DEFAULT_OPEN_FILES, Math.floor(limit / 2)));
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
  maxPartitionsPerTopic: 10_000,
  maxPartitions: 100_000,
  maxOpenFiles: defaultMaxOpenFiles(),
  topicConfigDefaults: {},
  retentionCheckIntervalMs: 300_000,
  logCleanerBackoffMs: 15_000,
  log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
  securityProtocol: 'PLAINTEXT',
  extraListeners: [],
  saslMechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
  saslUsers: [],
  tlsCertFile: null,
  tlsKeyFile: null,
  metricsPort: null,
  groupInitialRebalanceDelayMs: 3000,
  groupConsumerMigrationPolicy: 'bidirectional',
  groupMinSessionTimeoutMs: 6000,
  groupMaxSessionTimeoutMs: 1_800_000,
  groupMaxSize: 1000,
  maxGroups: 10_000,
  offsetsTopicNumPartitions: 50,
  offsetMetadataMaxBytes: 4096,
  offsetsRetentionMs: 604_800_000,
  offsetsRetentionCheckIntervalMs: 600_000,
  transactionMaxTimeoutMs: 900_000,
  transactionAbortTimedOutCleanupIntervalMs: 10_000,
  transactionStateLogNumPartitions: 50,
};
