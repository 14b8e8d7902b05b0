// Kafka applies topic creation and deletion asynchronously: the admin call returns before every broker's
// metadata shows it. Waiting (bounded) lets the next page load show what the user just did.
import type { ClusterRegistry } from '../clusters/cluster-registry.ts';

const pollIntervalMs = 200;
const defaultTimeoutMs = 5_000;

/** Resolves true once metadata agrees, false when it still does not after timeoutMs (the change stands). */
export async function awaitTopicMetadata(
  clusters: ClusterRegistry,
  clusterId: string,
  name: string,
  present: boolean,
  timeoutMs = defaultTimeoutMs,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const metadata = await clusters.metadata(clusterId, { fresh: true });
    if (metadata.topics.some((topic) => topic.name === name) === present) return true;
    if (Date.now() + pollIntervalMs > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}
