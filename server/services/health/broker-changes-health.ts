// The broker-change recorder's part of /api/health. It fails health only while 'failing' (its last pass threw
// and it is retrying with backoff): other tools' broker changes are then not reaching the audit log, which an
// operator must see. Every other state is healthy: 'stopped' (jobs do not run in this process, e.g. a CLI),
// 'starting', 'recording' (also while catching up on a backlog) and 'topicAbsent' (the built-in cluster is
// not a Samsa broker, so there is nothing to record). `feedGap` flags the latest gap of the last day (changes
// removed before they were recorded, audited as audit.detectGap): the audit log is incomplete there, which an
// operator must see, but the console still works, so it does not make the component or the console unhealthy.
import type { BrokerChangeRecorderStatus } from '../../jobs/broker-change-recorder.ts';
import type { ChangeFeedGapSummary } from '../audit/change-feed-gap.ts';
import type { ComponentHealth } from './check-health.ts';

export type BrokerChangesHealth = ComponentHealth & BrokerChangeRecorderStatus & { feedGap: ChangeFeedGapSummary | null };

export function brokerChangesHealth(status: BrokerChangeRecorderStatus, feedGap: ChangeFeedGapSummary | null = null): BrokerChangesHealth {
  const gap =
    feedGap === null
      ? ''
      : `; GAP: ${feedGap.lostCount} change(s) at offsets ${feedGap.fromOffset}..${feedGap.toOffset} were removed before they were recorded (found ${feedGap.detectedAt}, see audit.detectGap)`;
  return { ok: status.state !== 'failing', detail: describeState(status) + gap, ...status, feedGap };
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
