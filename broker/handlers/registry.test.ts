import { describe, expect, it } from 'vitest';
import { createHandlerRegistry } from './registry.ts';
import { apiMessages } from '../protocol/generated/index.ts';
import { startTestBroker } from '../test-support/test-broker.ts';

describe('handler registry', () => {
  const handlers = createHandlerRegistry();

  it('declares only versions the generated codec reads and writes, and none Kafka marks unstable', () => {
    for (const handler of handlers.values()) {
      const codec = apiMessages.get(handler.apiKey);
      expect(codec, handler.name).toBeDefined();
      expect(handler.minVersion, `${handler.name} min`).toBeGreaterThanOrEqual(codec!.minVersion);
      expect(handler.maxVersion, `${handler.name} max`).toBeLessThanOrEqual(codec!.maxVersion - (codec!.latestVersionUnstable ? 1 : 0));
      expect(handler.minVersion, handler.name).toBeLessThanOrEqual(handler.maxVersion);
    }
  });

  it('has ApiVersions advertise exactly the versions the handlers declare (Produce from v0, as Kafka 4 does)', async () => {
    const fixture = await startTestBroker();
    try {
      const client = await fixture.connect();
      const response = await client.request(18, 3, { clientSoftwareName: 'samsa-test', clientSoftwareVersion: '1.0' });
      const expected = [...handlers.values()]
        .map((handler) => ({
          apiKey: handler.apiKey,
          minVersion: handler.advertisedMinVersion ?? handler.minVersion,
          maxVersion: handler.maxVersion,
        }))
        .sort((a, b) => a.apiKey - b.apiKey);
      expect(
        response.apiKeys.map(({ apiKey, minVersion, maxVersion }: Record<string, number>) => ({ apiKey, minVersion, maxVersion })),
      ).toEqual(expected);
      expect(expected.filter((range) => range.minVersion !== handlers.get(range.apiKey)!.minVersion)).toEqual([
        { apiKey: 0, minVersion: 0, maxVersion: 13 },
      ]);
      client.close();
    } finally {
      await fixture.stop();
    }
  });
});
