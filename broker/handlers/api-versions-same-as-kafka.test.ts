import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHandlerRegistry } from './registry.ts';

// The ApiVersions answer of Apache Kafka 4.3.1 (regenerate: node scripts/snapshot-kafka-api-versions.ts).
const snapshot: { kafkaVersion: string; apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[] } = JSON.parse(
  readFileSync(new URL('./kafka-api-versions.json', import.meta.url), 'utf8'),
);

describe('ApiVersions against Apache Kafka', () => {
  it(`serves exactly the versions Kafka ${snapshot.kafkaVersion} serves, for every API this broker offers`, () => {
    const kafka = new Map(snapshot.apiKeys.map((range) => [range.apiKey, range]));
    const differences = [];
    for (const handler of createHandlerRegistry().values()) {
      const ours = {
        apiKey: handler.apiKey,
        minVersion: handler.advertisedMinVersion ?? handler.minVersion,
        maxVersion: handler.maxVersion,
      };
      const theirs = kafka.get(handler.apiKey);
      if (theirs?.minVersion !== ours.minVersion || theirs.maxVersion !== ours.maxVersion) {
        differences.push({
          api: handler.name,
          samsa: `${ours.minVersion}-${ours.maxVersion}`,
          kafka: theirs ? `${theirs.minVersion}-${theirs.maxVersion}` : 'absent',
        });
      }
    }
    expect(differences).toEqual([]);
  });

  it("offers the KIP-848 consumer group APIs (ConsumerGroupHeartbeat 68, ConsumerGroupDescribe 69) at Kafka's versions", () => {
    const registry = createHandlerRegistry();
    for (const apiKey of [68, 69]) {
      const theirs = snapshot.apiKeys.find((range) => range.apiKey === apiKey);
      expect(theirs).toBeDefined();
      expect({ apiKey, minVersion: registry.get(apiKey)?.minVersion, maxVersion: registry.get(apiKey)?.maxVersion }).toEqual(theirs);
    }
  });
});
