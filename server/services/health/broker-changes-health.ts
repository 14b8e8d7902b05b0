// The broker-change recorder's part of /api/health. It fails health only while 'failing' (its last pass threw
// and it is retrying with backoff): other tools' broker changes are then not reaching the audit log, which an
// operator must see. Every other state is healthy: 'stopped' (jobs do not run in this process, e.g. a CLI),
// 'starting', 'recording' (also while catching up on a backlog) and 'topicAbsent' (the built-in cluster is
// not a Samsa broker, so there is nothing to record).
import type { BrokerChangeRecorderStatus } from '../../jobs/broker-change-recorder.ts';
import type { ComponentHealth } from './check-health.ts';

export type BrokerChangesHealth = ComponentHealth & BrokerChangeRecorderStatus;

export function brokerChangesHealth(status: BrokerChangeRecorderStatus): BrokerChangesHealth {
  return { ok: status.state !== 'failing', detail: describeState(status), ...status };
}

function describeState(status: BrokerChangeRecorderStatus): string {
  const position = status.nextOffset === null ? '' : ` at offset ${status.nextOffset}`;
  switch (status.state) {
    case 'stopped':
      return 'not running in this process';
    case 'starting':
      return 'starting';
    case 'recording':
      return `recording${position}, ${status.recordedCount} change(s) recorded since start`;
    case 'topicAbsent':
      return 'the cluster has no admin-change topic (not a Samsa broker); nothing to record';
    case 'failing':
      return `failing${position}, retrying: ${status.lastError ?? 'unknown error'} (last at ${status.lastErrorAt ?? 'unknown'})`;
  }
}
