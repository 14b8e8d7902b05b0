import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import { ErrorCode } from '../protocol/error-codes.ts';

let fixture: TestBroker;

beforeAll(async () => {
  fixture = await startTestBroker({ maxRequestBytes: 1024 * 1024 });
});
afterAll(async () => fixture.stop());

const metadataAll = { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false };

describe('connection handling', () => {
  it('answers pipelined requests in request order', async () => {
    const client = await fixture.connect();
    const requests = [];
    for (let i = 0; i < 50; i++) {
      requests.push(
        i % 2 === 0
          ? client.request(18, 3, { clientSoftwareName: 'x', clientSoftwareVersion: String(i) })
          : client.request(3, 12, metadataAll),
      );
    }
    const responses = await Promise.all(requests);
    responses.forEach((response, i) => {
      if (i % 2 === 0) expect(response.apiKeys, `response ${i}`).toBeDefined();
      else expect(response.brokers, `response ${i}`).toBeDefined();
    });
  });

  it('answers the kafka-python bootstrap probe: ApiVersions v0 and Metadata v0 pipelined in one write', async () => {
    const client = await fixture.connect();
    const clientId = Buffer.from('kafka-python-2.0.2');
    const header = (apiKey: number, correlationId: number) => {
      const bytes = Buffer.alloc(10);
      bytes.writeInt16BE(apiKey, 0);
      bytes.writeInt16BE(0, 2);
      bytes.writeInt32BE(correlationId, 4);
      bytes.writeInt16BE(clientId.length, 8);
      return Buffer.concat([bytes, clientId]);
    };
    const [apiVersions, metadata] = await client.sendFramesTogether([
      header(18, 1),
      Buffer.concat([header(3, 2), Buffer.from('00000000', 'hex')]),
    ]);
    expect(apiVersions.readInt32BE(0)).toBe(1);
    expect(apiVersions.readInt16BE(4)).toBe(ErrorCode.NONE);
    expect(metadata.readInt32BE(0)).toBe(2);
  });

  it('closes only the offending connection on garbage, and keeps serving others', async () => {
    const healthy = await fixture.connect();
    const cases = [
      Buffer.from('ffffffff', 'hex'), // negative size
      Buffer.from('7fffffff0000', 'hex'), // declared size beyond the cap
      Buffer.from('00000004deadbeef', 'hex'), // shorter than a request header
      Buffer.from('0000000a' + '7f7f0000000000010000', 'hex'), // unknown API key
      Buffer.from('0000000a' + '0003006300000001ffff', 'hex'), // Metadata v99
      Buffer.from('0000000f' + '000300010000000100017800000005', 'hex'), // Metadata v1 claiming 5 topics in 0 bytes
    ];
    for (const bytes of cases) {
      const bad = await fixture.connect();
      bad.writeRaw(bytes);
      await bad.waitForClose();
      const response = await healthy.request(18, 0, {});
      expect(response.errorCode).toBe(ErrorCode.NONE);
    }
    expect(fixture.logLines.some((line) => line.includes('closing connection'))).toBe(true);
  });

  it('does not hold a declared-but-unsent frame in memory up front', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const clients = [];
    for (let i = 0; i < 20; i++) {
      const client = await fixture.connect();
      client.writeRaw(Buffer.from('000f0000', 'hex')); // declares ~1 MB, sends nothing more
      clients.push(client);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(10 * 1024 * 1024);
    for (const client of clients) client.close();
  });
});
