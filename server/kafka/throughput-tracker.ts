// Rates from two snapshots of cumulative totals (records = sum of log-end offsets, bytes = sum of partition
// sizes). Kafka's protocol exposes totals, not rates, so the console derives them between its own reads.
// A total that went down (topic deleted, retention, truncation) gives no rate rather than a wrong one.

export interface ThroughputSample {
  atMs: number;
  recordsTotal: number;
  /** null when the cluster does not report sizes (no DescribeLogDirs). */
  bytesTotal: number | null;
}

export interface Throughput {
  recordsInPerSecond: number | null;
  bytesInPerSecond: number | null;
  /** Seconds between the two samples; null before there are two. */
  windowSeconds: number | null;
}

/** Samples closer together than this are too noisy to divide by. */
const minWindowMs = 2_000;
/** Bounded memory: one baseline per cluster, and never more clusters than this. */
const maxClusters = 1_000;

export class ThroughputTracker {
  readonly #baselines = new Map<string, ThroughputSample>();

  /** Returns the rates since the stored baseline and makes this sample the baseline when old enough. */
  observe(clusterId: string, sample: ThroughputSample): Throughput {
    const baseline = this.#baselines.get(clusterId);
    if (!baseline) {
      this.#remember(clusterId, sample);
      return { recordsInPerSecond: null, bytesInPerSecond: null, windowSeconds: null };
    }
    const windowMs = sample.atMs - baseline.atMs;
    if (windowMs < minWindowMs)
      return this.#lastRates.get(clusterId) ?? { recordsInPerSecond: null, bytesInPerSecond: null, windowSeconds: null };
    const rates: Throughput = {
      recordsInPerSecond: rate(baseline.recordsTotal, sample.recordsTotal, windowMs),
      bytesInPerSecond:
        baseline.bytesTotal === null || sample.bytesTotal === null ? null : rate(baseline.bytesTotal, sample.bytesTotal, windowMs),
      windowSeconds: windowMs / 1000,
    };
    this.#remember(clusterId, sample);
    this.#lastRates.set(clusterId, rates);
    return rates;
  }

  readonly #lastRates = new Map<string, Throughput>();

  #remember(clusterId: string, sample: ThroughputSample): void {
    if (!this.#baselines.has(clusterId) && this.#baselines.size >= maxClusters) {
      const oldest = this.#baselines.keys().next().value!;
      this.#baselines.delete(oldest);
      this.#lastRates.delete(oldest);
    }
    this.#baselines.set(clusterId, sample);
  }
}

function rate(before: number, after: number, windowMs: number): number | null {
  if (after < before) return null;
  return ((after - before) * 1000) / windowMs;
}
