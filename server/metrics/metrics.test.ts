// /metrics through the console's own HTTP server: kafka_exporter's names and labels from the sampler's last
// round, exact time lag of a group whose first unconsumed record is an hour old, and who may scrape.
import type { Server } from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleHttpServer } from '../http/console-http-server.ts';
import { createMetricsHandler } from '../http/metrics-endpoint.ts';
import { startTestCluster, type TestCluster } from '../test-support/test-cluster.ts';
import { createTestRuntime, type TestRuntime } from '../test-support/test-runtime.ts';
import { isLoopback, metricsAccess } from './metrics-access.ts';

let cluster: TestCluster;
let runtime: TestRuntime;
const suffix = Date.now().toString(36);
const topic = `metrics-${suffix}`;
const groupId = `metrics-group-${suffix}`;
const token = 'a-metrics-token-of-some-length';

async function serve(metricsToken: string | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const http: Server = createConsoleHttpServer({
    handle: async (_request, response) => {
      response.writeHead(404);
      response.end('next');
    },
    trustedProxies: null,
    maxRequestBodyBytes: 1024,
    metrics: createMetricsHandler(async () => runtime, metricsToken),
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/metrics`, close: () => new Promise((resolve) => http.close(() => resolve())) };
}

/** The value of one series in Prometheus's text format, or undefined. */
function seriesValue(body: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of body.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`)))
      return Number(line.slice(line.lastIndexOf('}') + 1));
  }
  return undefined;
}

beforeAll(async () => {
  cluster = await startTestCluster();
  runtime = await createTestRuntime('pglite', { cluster });
  const kafka = new Kafka({ brokers: [cluster.bootstrap], clientId: 'metrics-test', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  const hourAgoMs = Date.now() - 3_600_000;
  // Partition 0: three records stamped an hour ago, then two recent ones; partition 1 stays empty.
  await producer.send({
    topic,
    messages: [0, 1, 2].map((i) => ({ partition: 0, value: `old-${i}`, timestamp: String(hourAgoMs + i) })),
  });
  await producer.send({
    topic,
    messages: [
      { partition: 0, value: 'new-0' },
      { partition: 0, value: 'new-1' },
    ],
  });
  await producer.disconnect();
  // The group has read the first record only: its first unconsumed record is an hour old.
  await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }] });
  await admin.disconnect();
  const round = await runtime.lagSampler.sampleOnce('built-in');
  expect(round.error).toBeNull();
}, 180_000);
afterAll(async () => {
  await runtime?.close();
  await cluster?.stop();
});

describe('/metrics', () => {
  it("serves kafka_exporter's series from the last round, with time lag of about an hour", async () => {
    const server = await serve(undefined);
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const body = await response.text();
      const group = { cluster: 'built-in', consumergroup: groupId, topic, partition: '0' };
      const lagSeconds = seriesValue(body, 'kafka_consumergroup_lag_seconds', group);
      expect(lagSeconds).toBeGreaterThan(3_590);
      expect(lagSeconds).toBeLessThan(3_700);
      expect(seriesValue(body, 'kafka_consumergroup_lag', group)).toBe(4);
      expect(seriesValue(body, 'kafka_consumergroup_current_offset', group)).toBe(1);
      expect(seriesValue(body, 'kafka_consumergroup_lag_sum', { cluster: 'built-in', consumergroup: groupId, topic })).toBe(4);
      expect(seriesValue(body, 'kafka_consumergroup_members', { cluster: 'built-in', consumergroup: groupId })).toBe(0);
      expect(seriesValue(body, 'kafka_topic_partition_current_offset', { cluster: 'built-in', topic, partition: '0' })).toBe(5);
      expect(seriesValue(body, 'kafka_topic_partition_oldest_offset', { cluster: 'built-in', topic, partition: '0' })).toBe(0);
      expect(seriesValue(body, 'kafka_topic_partitions', { cluster: 'built-in', topic })).toBe(2);
      expect(seriesValue(body, 'kafka_brokers', { cluster: 'built-in' })).toBe(1);
      expect(seriesValue(body, 'samsa_lag_sample_up', { cluster: 'built-in' })).toBe(1);
      // Partition 1 has no commit: no lag series at all, rather than a 0 that reads as "caught up".
      expect(seriesValue(body, 'kafka_consumergroup_lag', { ...group, partition: '1' })).toBeUndefined();
      // Pages still go to Next.
      expect(await (await fetch(server.url.replace('/metrics', '/metricsx'))).text()).toBe('next');
    } finally {
      await server.close();
    }
  });

  it('asks for the bearer token when one is set, and serves with it', async () => {
    const server = await serve(token);
    try {
      const without = await fetch(server.url);
      expect(without.status).toBe(401);
      expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await fetch(server.url, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
      const withToken = await fetch(server.url, { headers: { authorization: `Bearer ${token}` } });
      expect(withToken.status).toBe(200);
      expect(await withToken.text()).toContain('kafka_consumergroup_lag_seconds');
    } finally {
      await server.close();
    }
  });

  it('without a token refuses forwarded requests, and any address that is not loopback', async () => {
    const server = await serve(undefined);
    try {
      const forwarded = await fetch(server.url, { headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect(forwarded.status).toBe(403);
      expect(await forwarded.text()).toMatch(/loopback/);
    } finally {
      await server.close();
    }
    expect(metricsAccess({ socketAddress: '10.1.2.3', authorization: undefined, forwarded: false }, undefined)).toMatchObject({
      allowed: false,
      status: 403,
    });
    expect(metricsAccess({ socketAddress: '::ffff:127.0.0.1', authorization: undefined, forwarded: false }, undefined)).toEqual({
      allowed: true,
    });
    expect(metricsAccess({ socketAddress: '127.0.0.1', authorization: undefined, forwarded: false }, token)).toMatchObject({ status: 401 });
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:10.0.0.1')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });

  it('refuses a connection from a non-loopback address of this machine', async () => {
    // The server listens on every address; the client connects to this machine's address on another interface.
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
    expect(external, 'this test needs a non-loopback IPv4 address on the machine').toBeDefined();
    const http = createConsoleHttpServer({
      handle: async (_request, response) => void response.end(),
      trustedProxies: null,
      maxRequestBodyBytes: 1024,
      metrics: createMetricsHandler(async () => runtime, undefined),
    });
    await new Promise<void>((resolve) => http.listen(0, '0.0.0.0', resolve));
    try {
      const { port } = http.address() as { port: number };
      const response = await fetch(`http://${external}:${port}/metrics`);
      expect(response.status).toBe(403);
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
