// The broker's metrics: counters fed by diagnostics-channel events (requests, topic traffic, SASL logins,
// admin changes) and gauges read at scrape time (connections, partition sizes and offsets, groups).
// Label sets are bounded: APIs by the registry, topics by MAX_TRACKED_TOPICS.

import type { RequestEvent } from '../handlers/request-dispatcher.ts';
import type { TopicRegistry } from '../topics/topic-registry.ts';
import type { SaslAuthenticationEvent } from '../security/sasl-session.ts';
import type { TrafficEvent } from './traffic-channel.ts';
import { LatencyQuantiles } from './latency-quantiles.ts';
import type { MetricFamily, Sample } from './prometheus-text.ts';

/** Topics beyond this many (e.g. after much create/delete churn) are not tracked: the exposition stays small. */
export const MAX_TRACKED_TOPICS = 10_000;
const QUANTILES = [0.5, 0.95, 0.99];

export interface GaugeSources {
  topics: TopicRegistry;
  connectionCounts: () => ReadonlyArray<{ listener: string; count: number }>;
  /** Groups per state; absent when the broker has no group coordinator. */
  groupCounts?: () => ReadonlyMap<string, number>;
}

interface TopicTraffic {
  bytesIn: number;
  bytesOut: number;
  recordsIn: number;
  recordsOut: number;
}

interface ApiStats {
  requests: number;
  requestBytes: number;
  responseBytes: number;
  latency: LatencyQuantiles;
}

export class BrokerMetrics {
  private readonly traffic = new Map<string, TopicTraffic>();
  private readonly apis = new Map<string, ApiStats>();
  private readonly authentications = new Map<string, { mechanism: string; result: string; count: number }>();
  private readonly adminChanges = new Map<string, number>();

  onRequest(event: RequestEvent): void {
    let stats = this.apis.get(event.apiName);
    if (stats === undefined) {
      stats = { requests: 0, requestBytes: 0, responseBytes: 0, latency: new LatencyQuantiles() };
      this.apis.set(event.apiName, stats);
    }
    stats.requests++;
    stats.requestBytes += event.requestBytes;
    stats.responseBytes += event.responseBytes;
    stats.latency.record(event.durationMs);
  }

  onTraffic(event: TrafficEvent): void {
    let topic = this.traffic.get(event.topic);
    if (topic === undefined) {
      if (this.traffic.size >= MAX_TRACKED_TOPICS) return;
      topic = { bytesIn: 0, bytesOut: 0, recordsIn: 0, recordsOut: 0 };
      this.traffic.set(event.topic, topic);
    }
    if (event.direction === 'in') {
      topic.bytesIn += event.bytes;
      topic.recordsIn += event.records;
    } else {
      topic.bytesOut += event.bytes;
      topic.recordsOut += event.records;
    }
  }

  onAuthentication(event: SaslAuthenticationEvent): void {
    const result = event.succeeded ? 'success' : 'failure';
    const key = `${event.mechanism}/${result}`;
    const entry = this.authentications.get(key) ?? { mechanism: event.mechanism, result, count: 0 };
    entry.count++;
    this.authentications.set(key, entry);
  }

  onAdminChange(event: { action: string }): void {
    if (this.adminChanges.size < 100 || this.adminChanges.has(event.action)) {
      this.adminChanges.set(event.action, (this.adminChanges.get(event.action) ?? 0) + 1);
    }
  }

  families(sources: GaugeSources): MetricFamily[] {
    return [...this.trafficFamilies(), ...this.requestFamilies(), ...this.gaugeFamilies(sources), ...this.securityFamilies()];
  }

  private trafficFamilies(): MetricFamily[] {
    const perTopic = (pick: (traffic: TopicTraffic) => number): Sample[] =>
      [...this.traffic].map(([topic, traffic]) => ({ labels: { topic }, value: pick(traffic) }));
    return [
      {
        name: 'samsa_topic_bytes_in_total',
        help: 'Record batch bytes appended by Produce, per topic.',
        type: 'counter',
        samples: perTopic((t) => t.bytesIn),
      },
      {
        name: 'samsa_topic_bytes_out_total',
        help: 'Record batch bytes returned by Fetch, per topic.',
        type: 'counter',
        samples: perTopic((t) => t.bytesOut),
      },
      {
        name: 'samsa_topic_records_in_total',
        help: 'Records appended by Produce, per topic.',
        type: 'counter',
        samples: perTopic((t) => t.recordsIn),
      },
      {
        name: 'samsa_topic_records_out_total',
        help: 'Records returned by Fetch, per topic.',
        type: 'counter',
        samples: perTopic((t) => t.recordsOut),
      },
    ];
  }

  private requestFamilies(): MetricFamily[] {
    const apis = [...this.apis].sort(([a], [b]) => a.localeCompare(b));
    const latency: Sample[] = [];
    for (const [api, stats] of apis) {
      for (const quantile of QUANTILES) {
        latency.push({ labels: { api, quantile: String(quantile) }, value: stats.latency.quantile(quantile) / 1000 });
      }
      latency.push({ suffix: '_sum', labels: { api }, value: stats.latency.totalMs / 1000 });
      latency.push({ suffix: '_count', labels: { api }, value: stats.latency.totalCount });
    }
    return [
      {
        name: 'samsa_requests_total',
        help: 'Requests answered, per API.',
        type: 'counter',
        samples: apis.map(([api, s]) => ({ labels: { api }, value: s.requests })),
      },
      {
        name: 'samsa_request_bytes_total',
        help: 'Request bytes received, per API.',
        type: 'counter',
        samples: apis.map(([api, s]) => ({ labels: { api }, value: s.requestBytes })),
      },
      {
        name: 'samsa_response_bytes_total',
        help: 'Response bytes sent, per API.',
        type: 'counter',
        samples: apis.map(([api, s]) => ({ labels: { api }, value: s.responseBytes })),
      },
      {
        name: 'samsa_request_duration_seconds',
        help: 'Time to handle a request, per API (quantiles over the last 1-2 minutes).',
        type: 'summary',
        samples: latency,
      },
    ];
  }

  private gaugeFamilies(sources: GaugeSources): MetricFamily[] {
    const sizes: Sample[] = [];
    const endOffsets: Sample[] = [];
    const startOffsets: Sample[] = [];
    for (const topic of sources.topics.list()) {
      topic.partitions.forEach((log, index) => {
        const labels = { topic: topic.name, partition: String(index) };
        sizes.push({ labels, value: log.sizeBytes });
        endOffsets.push({ labels, value: Number(log.logEndOffset) });
        startOffsets.push({ labels, value: Number(log.logStartOffset) });
      });
    }
    const families: MetricFamily[] = [
      {
        name: 'samsa_connections',
        help: 'Open client connections, per listener.',
        type: 'gauge',
        samples: sources.connectionCounts().map(({ listener, count }) => ({ labels: { listener }, value: count })),
      },
      { name: 'samsa_partition_size_bytes', help: 'Bytes of all segments of a partition.', type: 'gauge', samples: sizes },
      { name: 'samsa_partition_log_end_offset', help: 'Log end offset of a partition.', type: 'gauge', samples: endOffsets },
      { name: 'samsa_partition_log_start_offset', help: 'Log start offset of a partition.', type: 'gauge', samples: startOffsets },
    ];
    const groups = sources.groupCounts?.();
    if (groups !== undefined) {
      const samples = [...groups].map(([state, count]) => ({ labels: { state }, value: count }));
      families.push({ name: 'samsa_consumer_groups', help: 'Consumer groups, per state.', type: 'gauge', samples });
    }
    return families;
  }

  private securityFamilies(): MetricFamily[] {
    return [
      {
        name: 'samsa_sasl_authentications_total',
        help: 'Finished SASL logins, per mechanism and result.',
        type: 'counter',
        samples: [...this.authentications.values()].map(({ mechanism, result, count }) => ({
          labels: { mechanism, result },
          value: count,
        })),
      },
      {
        name: 'samsa_admin_changes_total',
        help: 'Administrative changes made over the Kafka protocol, per action.',
        type: 'counter',
        samples: [...this.adminChanges].map(([action, count]) => ({ labels: { action }, value: count })),
      },
    ];
  }
}
