// /metrics in kafka_exporter's names and labels (each with a `cluster` label), so existing Grafana dashboards,
// alert rules and autoscalers work unchanged, plus kafka_consumergroup_lag_seconds (exact time lag) and the
// sampler's own health. Served from the sampler's last stored round of each cluster: a scrape never reaches a
// cluster. A partition whose lag is not measurable (no commit, commit outside the log) has no lag series,
// rather than a 0 that would read as "caught up". A fresh registry per scrape: no state between scrapes.
import { Gauge, Registry } from 'prom-client';
import type { ConsoleRuntime } from '../runtime/console-runtime.ts';
import { addAlertStateMetrics } from './alert-state-metrics.ts';

export async function renderMetrics(runtime: ConsoleRuntime): Promise<{ contentType: string; body: string }> {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const brokers = gauge('kafka_brokers', 'Number of brokers in the cluster.', ['cluster']);
  const topicPartitions = gauge('kafka_topic_partitions', 'Number of partitions of the topic.', ['cluster', 'topic']);
  const currentOffset = gauge('kafka_topic_partition_current_offset', 'Log end offset of the partition.', [
    'cluster',
    'topic',
    'partition',
  ]);
  const oldestOffset = gauge('kafka_topic_partition_oldest_offset', 'Log start offset of the partition.', [
    'cluster',
    'topic',
    'partition',
  ]);
  const groupOffset = gauge('kafka_consumergroup_current_offset', 'Committed offset of the group on the partition.', [
    'cluster',
    'consumergroup',
    'topic',
    'partition',
  ]);
  const groupLag = gauge('kafka_consumergroup_lag', 'Lag in records: log end offset minus committed offset.', [
    'cluster',
    'consumergroup',
    'topic',
    'partition',
  ]);
  const groupLagSum = gauge('kafka_consumergroup_lag_sum', 'Lag of the group summed over the measurable partitions of the topic.', [
    'cluster',
    'consumergroup',
    'topic',
  ]);
  const groupLagSeconds = gauge(
    'kafka_consumergroup_lag_seconds',
    'Exact time lag: sample time minus the timestamp of the first record the group has not consumed (0 when caught up).',
    ['cluster', 'consumergroup', 'topic', 'partition'],
  );
  const members = gauge('kafka_consumergroup_members', 'Members of the group.', ['cluster', 'consumergroup']);
  const sampleAge = gauge('samsa_lag_sample_age_seconds', 'Age of the sample these metrics come from.', ['cluster']);
  const sampleUp = gauge('samsa_lag_sample_up', '1 when the last sampling round of the cluster succeeded, 0 when it was a gap.', [
    'cluster',
  ]);
  const nowMs = Date.now();
  for (const { clusterId, error } of runtime.lagSampler.lastRounds()) sampleUp.set({ cluster: clusterId }, error === null ? 1 : 0);
  for (const sample of runtime.lagSampler.latestAll()) {
    const cluster = sample.clusterId;
    brokers.set({ cluster }, sample.brokers);
    sampleAge.set({ cluster }, Math.max(0, (nowMs - sample.sampledAtMs) / 1_000));
    for (const topic of sample.topics) {
      topicPartitions.set({ cluster, topic: topic.topic }, topic.partitions.length);
      for (const p of topic.partitions) {
        const labels = { cluster, topic: topic.topic, partition: String(p.partition) };
        if (p.endOffset !== null) currentOffset.set(labels, p.endOffset);
        if (p.logStartOffset !== null) oldestOffset.set(labels, p.logStartOffset);
      }
    }
    for (const group of sample.groups) {
      members.set({ cluster, consumergroup: group.groupId }, group.members);
      for (const topic of group.topics) {
        groupLagSum.set({ cluster, consumergroup: group.groupId, topic: topic.topic }, topic.lag);
        for (const p of topic.partitions) {
          const labels = { cluster, consumergroup: group.groupId, topic: topic.topic, partition: String(p.partition) };
          if (p.committedOffset !== null) groupOffset.set(labels, p.committedOffset);
          if (p.lag !== null) groupLag.set(labels, p.lag);
          if (p.timeLagMs !== null) groupLagSeconds.set(labels, p.timeLagMs / 1_000);
        }
      }
    }
  }
  await addAlertStateMetrics(registry, runtime);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
