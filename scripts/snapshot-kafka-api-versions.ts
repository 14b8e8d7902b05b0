// Regenerates broker/handlers/kafka-api-versions.json: the ApiVersions answer of a real Apache Kafka started
// from the pinned jars (bash scripts/fetch-kafka-jars.sh first). broker/handlers/api-versions-same-as-kafka.test.ts
// compares Samsa's advertised versions with it. Run: node scripts/snapshot-kafka-api-versions.ts
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apiVersionsRequest, parseApiVersionsV0, requestOnce } from '../e2e/fixtures/kafka-wire.ts';
import { startRealKafka } from '../e2e/fixtures/real-kafka.ts';
import { repoRoot } from '../e2e/fixtures/repo-paths.ts';

const SNAPSHOT_PATH = path.join(repoRoot, 'broker/handlers/kafka-api-versions.json');

async function kafkaVersion(): Promise<string> {
  const jars = await readdir(path.join(repoRoot, '.cache/kafka/libs'));
  const clients = jars.find((name) => /^kafka-clients-[\d.]+\.jar$/.test(name));
  if (!clients) throw new Error('no kafka-clients jar in .cache/kafka/libs: run bash scripts/fetch-kafka-jars.sh');
  return clients.replace(/^kafka-clients-/, '').replace(/\.jar$/, '');
}

const kafka = await startRealKafka();
try {
  // v0 carries the same key list as v3/v4 without the feature fields this snapshot does not need.
  const frame = await requestOnce('127.0.0.1', kafka.port, apiVersionsRequest(0, 1), 10_000);
  const response = parseApiVersionsV0(frame);
  if (response.errorCode !== 0) throw new Error(`ApiVersions answered error ${response.errorCode}`);
  const snapshot = { kafkaVersion: await kafkaVersion(), apiKeys: response.apiKeys.sort((a, b) => a.apiKey - b.apiKey) };
  await writeFile(SNAPSHOT_PATH, JSON.stringify(snapshot, null, 2) + '\n');
  console.log(`wrote ${response.apiKeys.length} API ranges of Kafka ${snapshot.kafkaVersion} to ${SNAPSHOT_PATH}`);
} finally {
  await kafka.stop();
}
