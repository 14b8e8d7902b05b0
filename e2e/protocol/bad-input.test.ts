// Hostile and malformed bytes on raw TCP: each bad connection is dealt with (closed or answered with an
// error) while a healthy connection opened beforehand keeps being served, and memory stays bounded.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrokerHandle } from '../fixtures/broker-handle.ts';
import { startTargetBroker } from '../fixtures/interop-target.ts';
import {
  WireConnection,
  apiVersionsRequest,
  encodeRequestV1,
  int16,
  int32,
  metadataV1Request,
  nullableString,
  parseApiVersionsV0,
} from '../fixtures/kafka-wire.ts';
import { residentSetBytes } from '../fixtures/process-memory.ts';

const closeTimeoutMs = 5000;
const mib = 1024 * 1024;
/** Absolute RSS bound for Samsa's broker; the JVM of real Kafka is only checked for growth. */
const builtInMaxRssBytes = 300 * mib;
const maxRssGrowthBytes = 100 * mib;

describe('bad input', () => {
  let broker: BrokerHandle;
  let healthy: WireConnection;
  let correlationId = 1000;
  let rssBeforeBytes = 0;

  async function openBad(): Promise<WireConnection> {
    return WireConnection.open('127.0.0.1', broker.port);
  }

  /** The long-lived healthy connection still gets correct ApiVersions answers. */
  async function expectHealthyStillServed(): Promise<void> {
    const id = ++correlationId;
    await healthy.write(apiVersionsRequest(0, id));
    const response = parseApiVersionsV0(await healthy.readFrame(5000));
    expect(response.correlationId).toBe(id);
    expect(response.errorCode).toBe(0);
    expect(response.apiKeys.some((entry) => entry.apiKey === 18)).toBe(true);
  }

  async function expectClosedByBroker(connection: WireConnection): Promise<void> {
    expect(await connection.waitForClose(closeTimeoutMs), 'broker closes the connection').toBe(true);
    await expectHealthyStillServed();
  }

  beforeAll(async () => {
    broker = await startTargetBroker();
    healthy = await WireConnection.open('127.0.0.1', broker.port);
    await expectHealthyStillServed();
    rssBeforeBytes = await residentSetBytes(broker.process.pid!);
  });
  afterAll(async () => {
    healthy?.close();
    await broker?.stop();
  });

  test('an HTTP request on the Kafka port is refused by closing that connection', async () => {
    const bad = await openBad();
    await bad.write(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    await expectClosedByBroker(bad);
  });

  test('random garbage with a negative frame size closes that connection', async () => {
    const bad = await openBad();
    const garbage = randomBytes(4096);
    garbage[0] = 0xff;
    await bad.write(garbage);
    await expectClosedByBroker(bad);
  });

  test('a truncated frame followed by end-of-stream closes that connection', async () => {
    const bad = await openBad();
    const request = metadataV1Request(7);
    await bad.write(Buffer.concat([int32(200), request.subarray(4, 16)]));
    bad.endWriting();
    await expectClosedByBroker(bad);
  });

  test('a frame declaring more than the 100 MiB cap is refused without buffering it', async () => {
    const bad = await openBad();
    await bad.write(int32(200 * mib));
    // Keep sending: a broker that tried to buffer the whole frame would grow by what it receives.
    for (let chunk = 0; chunk < 16 && !bad.closed; chunk++) await bad.write(Buffer.alloc(mib));
    await expectClosedByBroker(bad);
  });

  test('a request header whose client id length runs past the frame closes that connection', async () => {
    const bad = await openBad();
    const payload = Buffer.concat([int16(3), int16(1), int32(8), int16(1000), Buffer.from('short')]);
    await bad.write(Buffer.concat([int32(payload.length), payload]));
    await expectClosedByBroker(bad);
  });

  test('a Metadata request whose topic array claims a million entries closes that connection', async () => {
    const bad = await openBad();
    await bad.write(encodeRequestV1(3, 1, 9, Buffer.concat([int32(1_000_000), nullableString('only-one')])));
    await expectClosedByBroker(bad);
  });

  test('an unknown API key closes that connection', async () => {
    const bad = await openBad();
    await bad.write(encodeRequestV1(32000, 0, 10, Buffer.alloc(0)));
    await expectClosedByBroker(bad);
  });

  test('a Metadata version beyond the supported range closes that connection', async () => {
    const bad = await openBad();
    await bad.write(encodeRequestV1(3, 99, 11, int32(-1)));
    await expectClosedByBroker(bad);
  });

  test('ApiVersions v99 gets a v0 body with UNSUPPORTED_VERSION and the ApiVersions range, and the connection stays usable', async () => {
    const connection = await openBad();
    try {
      await connection.write(apiVersionsRequest(99, 12));
      const response = parseApiVersionsV0(await connection.readFrame(5000));
      expect(response.correlationId).toBe(12);
      expect(response.errorCode).toBe(35);
      const apiVersionsEntry = response.apiKeys.find((entry) => entry.apiKey === 18);
      expect(apiVersionsEntry?.minVersion).toBe(0);
      expect(apiVersionsEntry?.maxVersion).toBeGreaterThanOrEqual(3);
      // The client retries at the advertised max (v3: flexible request, header v0 response, v3 body).
      await connection.write(apiVersionsRequest(3, 13));
      const retried = await connection.readFrame(5000);
      expect(retried.readInt32BE(0)).toBe(13);
      expect(retried.readInt16BE(4)).toBe(0);
    } finally {
      connection.close();
    }
    await expectHealthyStillServed();
  });

  test('after all of that the broker still serves new connections and its memory stayed bounded', async () => {
    const fresh = await openBad();
    try {
      await fresh.write(apiVersionsRequest(0, 14));
      expect(parseApiVersionsV0(await fresh.readFrame(5000)).errorCode).toBe(0);
    } finally {
      fresh.close();
    }
    const rssAfterBytes = await residentSetBytes(broker.process.pid!);
    expect(rssAfterBytes - rssBeforeBytes).toBeLessThan(maxRssGrowthBytes);
    if (broker.target === 'built-in') expect(rssAfterBytes).toBeLessThan(builtInMaxRssBytes);
  });
});
