// A group's recent consumption rate from two samples of its committed offsets and the partitions' end offsets,
// and what it means for the lag: "catches up in about N min", "falling behind", or not consuming. Kafka's
// protocol gives offsets, not rates, so the console derives them between its own reads (as ThroughputTracker
// does for the overview). Samples are kept in memory, one baseline per group, bounded.

export interface PartitionOffsetsSample {
  committedOffset: number;
  endOffset: number;
}

export interface OffsetsSample {
  atMs: number;
  /** "topic/partition" -> offsets, for the partitions whose lag is measurable. */
  partitions: Map<string, PartitionOffsetsSample>;
}

export interface ConsumptionRate {
  /** Committed offsets' growth per second, summed over the partitions in both samples. */
  consumedPerSecond: number;
  /** End offsets' growth per second over the same partitions. */
  producedPerSecond: number;
  windowSeconds: number;
  /** When the later of the two samples was taken. */
  measuredAtMs: number;
}

export type CatchUp =
  | { kind: 'caughtUp' }
  /** Consuming faster than records arrive: the lag is gone in about etaMs at these rates. */
  | { kind: 'catchingUp'; etaMs: number }
  /** Records arrive at least as fast as the group consumes them: the lag stays or grows. */
  | { kind: 'fallingBehind' }
  /** Nothing consumed and nothing produced between the samples while records wait. */
  | { kind: 'notConsuming' }
  /** Only one sample so far, or a reset/truncation between the samples made the difference meaningless. */
  | { kind: 'unknown' };

/** Samples closer together than this are too noisy to divide by. */
export const MIN_RATE_WINDOW_MS = 5_000;
/** A baseline older than this is replaced rather than averaged over: the rate is about recent consumption. */
export const MAX_RATE_WINDOW_MS = 15 * 60_000;
/** One baseline per (cluster, group); never more groups than this (the oldest seen is dropped). */
const MAX_GROUPS_TRACKED = 10_000;
/** A group with more measurable partitions than this is not sampled (memory bound per baseline). */
const MAX_PARTITIONS_PER_SAMPLE = 10_000;

/**
 * The rates between two samples; null when no partition is in both, or when a committed or end offset went
 * down on any of them (an offset reset, a recreated topic): that difference is not consumption.
 */
export function rateBetween(before: OffsetsSample, after: OffsetsSample): ConsumptionRate | null {
  const windowMs = after.atMs - before.atMs;
  if (windowMs <= 0) return null;
  let consumed = 0;
  let produced = 0;
  let common = 0;
  for (const [key, now] of after.partitions) {
    const then = before.partitions.get(key);
    if (!then) continue;
    if (now.committedOffset < then.committedOffset || now.endOffset < then.endOffset) return null;
    consumed += now.committedOffset - then.committedOffset;
    produced += now.endOffset - then.endOffset;
    common++;
  }
  if (common === 0) return null;
  return {
    consumedPerSecond: (consumed * 1000) / windowMs,
    producedPerSecond: (produced * 1000) / windowMs,
    windowSeconds: windowMs / 1000,
    measuredAtMs: after.atMs,
  };
}

/** What the lag will do at the given rates. */
export function catchUpOf(lag: number, rate: ConsumptionRate | null): CatchUp {
  if (lag === 0) return { kind: 'caughtUp' };
  if (!rate) return { kind: 'unknown' };
  const net = rate.consumedPerSecond - rate.producedPerSecond;
  if (net > 0) return { kind: 'catchingUp', etaMs: Math.round((lag / net) * 1000) };
  if (rate.consumedPerSecond === 0 && rate.producedPerSecond === 0) return { kind: 'notConsuming' };
  return { kind: 'fallingBehind' };
}

export class ConsumptionTracker {
  private readonly baselines = new Map<string, OffsetsSample>();
  private readonly rates = new Map<string, ConsumptionRate>();
  /** The latest rate with records consumed: what a reset preview estimates reprocessing time from. */
  private readonly activeRates = new Map<string, ConsumptionRate>();

  /**
   * Records a sample of the group and returns its recent rate: between the stored baseline and this sample
   * once they are MIN_RATE_WINDOW_MS apart (this sample then becomes the baseline), else the last rate.
   */
  observe(clusterId: string, groupId: string, sample: OffsetsSample): ConsumptionRate | null {
    if (sample.partitions.size > MAX_PARTITIONS_PER_SAMPLE) return null;
    const key = `${clusterId}\u0000${groupId}`;
    const baseline = this.baselines.get(key);
    if (!baseline || sample.atMs - baseline.atMs > MAX_RATE_WINDOW_MS) {
      this.remember(key, sample);
      this.rates.delete(key);
      return null;
    }
    if (sample.atMs - baseline.atMs < MIN_RATE_WINDOW_MS) return this.rates.get(key) ?? null;
    const rate = rateBetween(baseline, sample);
    this.remember(key, sample);
    if (!rate) {
      this.rates.delete(key);
      return null;
    }
    this.rates.set(key, rate);
    if (rate.consumedPerSecond > 0) this.activeRates.set(key, rate);
    return rate;
  }

  /** The most recent rate at which the group was seen consuming; null when never seen consuming. */
  lastActiveRate(clusterId: string, groupId: string): ConsumptionRate | null {
    return this.activeRates.get(`${clusterId}\u0000${groupId}`) ?? null;
  }

  private remember(key: string, sample: OffsetsSample): void {
    // Re-inserting moves the key to the end, so the first key is the group seen longest ago.
    this.baselines.delete(key);
    if (this.baselines.size >= MAX_GROUPS_TRACKED) {
      const oldest = this.baselines.keys().next().value!;
      this.baselines.delete(oldest);
      this.rates.delete(oldest);
      this.activeRates.delete(oldest);
    }
    this.baselines.set(key, sample);
  }
}
