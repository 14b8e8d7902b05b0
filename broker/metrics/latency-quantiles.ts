// Request latency quantiles in bounded memory: a histogram of fixed, geometrically growing buckets (each 20%
// wider than the last, 10 µs to ~2 min), kept for the current and the previous window so quantiles reflect
// recent traffic. The answer is the upper bound of the bucket holding the quantile: at most 20% high.

const FIRST_BUCKET_UPPER_MS = 0.01;
const BUCKET_GROWTH = 1.2;
const BUCKET_COUNT = 90;
const BUCKET_UPPER_BOUNDS_MS = Array.from({ length: BUCKET_COUNT }, (_, index) => FIRST_BUCKET_UPPER_MS * BUCKET_GROWTH ** index);

function bucketIndex(durationMs: number): number {
  if (!(durationMs > FIRST_BUCKET_UPPER_MS)) return 0;
  const index = Math.ceil(Math.log(durationMs / FIRST_BUCKET_UPPER_MS) / Math.log(BUCKET_GROWTH));
  return Math.min(BUCKET_COUNT - 1, index);
}

export class LatencyQuantiles {
  private current = new Uint32Array(BUCKET_COUNT);
  private previous = new Uint32Array(BUCKET_COUNT);
  private windowStartMs: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  /** Since start, for the summary's _sum and _count. */
  totalCount = 0;
  totalMs = 0;

  constructor(windowMs = 60_000, now: () => number = Date.now) {
    this.windowMs = windowMs;
    this.now = now;
    this.windowStartMs = now();
  }

  record(durationMs: number): void {
    this.rotate();
    this.current[bucketIndex(durationMs)]++;
    this.totalCount++;
    this.totalMs += durationMs;
  }

  /** The q-quantile (0 < q <= 1) in ms over the last one to two windows; NaN when nothing was recorded. */
  quantile(q: number): number {
    this.rotate();
    let count = 0;
    for (let i = 0; i < BUCKET_COUNT; i++) count += this.current[i] + this.previous[i];
    if (count === 0) return Number.NaN;
    const rank = Math.ceil(q * count);
    let seen = 0;
    for (let i = 0; i < BUCKET_COUNT; i++) {
      seen += this.current[i] + this.previous[i];
      if (seen >= rank) return BUCKET_UPPER_BOUNDS_MS[i];
    }
    return BUCKET_UPPER_BOUNDS_MS[BUCKET_COUNT - 1];
  }

  private rotate(): void {
    const elapsedMs = this.now() - this.windowStartMs;
    if (elapsedMs < this.windowMs) return;
    // After two idle windows nothing recent is left.
    this.previous = elapsedMs < 2 * this.windowMs ? this.current : new Uint32Array(BUCKET_COUNT);
    this.current = new Uint32Array(BUCKET_COUNT);
    this.windowStartMs = this.now();
  }
}
