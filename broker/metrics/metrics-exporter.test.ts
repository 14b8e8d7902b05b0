import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import type { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import { LatencyQuantiles } from './latency-quantiles.ts';
import { countBatchRecords } from './traffic-channel.ts';

let fixture: TestBroker;
let client: ProtocolTestClient;

beforeAll(async () => {
  fixture = await startTestBroker({ metricsPort: 0 });
  client = await fixture.connect();
  await client.request(19, 7, {
    topics: [{ name: 'metered', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }],
    timeoutMs: 5000,
    validateOnly: false,
  });
});
afterAll(async () => fixture.stop());

async function scrape(): Promise<{ text: string; value: (series: string) => number }> {
  const response = await fetch(`http://127.0.0.1:${fixture.broker.metricsPort}/metrics`, { signal: AbortSignal.timeout(5000) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const value = (series: string) => {
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  };
  return { text, value };
}

describe('the Prometheus endpoint', () => {
  it('counts bytes and records in and out per topic, and requests per API', async () => {
    const before = await scrape();
    const batch = buildRecordBatch({ records: [{ value: 'one' }, { value: 'two' }, { value: 'three' }] });
    await client.request(0, 9, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 5000,
      topicData: [{ name: 'metered', partitionData: [{ index: 0, records: batch }] }],
    });
    await client.request(1, 12, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: 'metered',
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: -1,
              fetchOffset: 0n,
              lastFetchedEpoch: -1,
              logStartOffset: -1n,
              partitionMaxBytes: 1 << 20,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    const after = await scrape();
    expect(
      after.value('samsa_topic_records_in_total{topic="metered"}') - before.value('samsa_topic_records_in_total{topic="metered"}'),
    ).toBe(3);
    expect(after.value('samsa_topic_bytes_in_total{topic="metered"}') - before.value('samsa_topic_bytes_in_total{topic="metered"}')).toBe(
      batch.length,
    );
    expect(after.value('samsa_topic_records_out_total{topic="metered"}')).toBe(3);
    expect(after.value('samsa_topic_bytes_out_total{topic="metered"}')).toBe(batch.length);
    expect(after.value('samsa_requests_total{api="Produce"}') - before.value('samsa_requests_total{api="Produce"}')).toBe(1);
    expect(after.value('samsa_request_duration_seconds_count{api="Produce"}')).toBeGreaterThanOrEqual(1);
    expect(after.value('samsa_request_duration_seconds{api="Produce",quantile="0.99"}')).toBeGreaterThan(0);
    expect(after.value('samsa_partition_size_bytes{topic="metered",partition="0"}')).toBeGreaterThanOrEqual(batch.length);
    expect(after.value('samsa_partition_log_end_offset{topic="metered",partition="0"}')).toBe(3);
    expect(after.value('samsa_connections{listener="PLAINTEXT:' + fixture.broker.port + '"}')).toBeGreaterThanOrEqual(1);
    expect(after.text).toContain('# TYPE samsa_request_duration_seconds summary');
    expect(after.text).toContain('# TYPE samsa_consumer_groups gauge');
  });

  it('answers 404 for anything but GET /metrics', async () => {
    const response = await fetch(`http://127.0.0.1:${fixture.broker.metricsPort}/`, { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(404);
  });
});

describe('LatencyQuantiles', () => {
  it('estimates quantiles within one bucket (20%) and forgets windows older than two', () => {
    let nowMs = 0;
    const quantiles = new LatencyQuantiles(1000, () => nowMs);
    for (let i = 1; i <= 100; i++) quantiles.record(i);
    expect(quantiles.quantile(0.5)).toBeGreaterThanOrEqual(50);
    expect(quantiles.quantile(0.5)).toBeLessThanOrEqual(60);
    expect(quantiles.quantile(0.99)).toBeGreaterThanOrEqual(99);
    expect(quantiles.quantile(0.99)).toBeLessThanOrEqual(119);
    nowMs = 1500;
    expect(quantiles.quantile(0.5)).toBeGreaterThanOrEqual(50); // previous window still counts
    nowMs = 5000;
    expect(quantiles.quantile(0.5)).toBeNaN();
    expect(quantiles.totalCount).toBe(100);
  });
});

describe('countBatchRecords', () => {
  it('sums the record counts of consecutive batches', () => {
    const a = buildRecordBatch({ records: [{ value: '1' }, { value: '2' }] });
    const b = buildRecordBatch({ records: [{ value: '3' }] });
    expect(countBatchRecords([Buffer.concat([a, b]), a])).toBe(5);
    expect(countBatchRecords([a.subarray(0, 30)])).toBe(0);
  });
});
