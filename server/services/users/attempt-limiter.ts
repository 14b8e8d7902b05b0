// A small in-memory sliding-window limiter, keyed by user id. "Change my password" needs it: it checks the
// current password through tRPC, not through better-auth's HTTP endpoints, so better-auth's rate limiter
// (per address, on its own paths) never sees those attempts and a stolen session could guess freely.
//
// Bounds: at most `maxAttempts` timestamps per key and at most `maxKeys` keys; when full, keys with no attempt
// inside the window are dropped first, then the least recently used. Per process: a restart forgets the
// counts (the console runs as one process; several replicas would each allow `maxAttempts`).

export interface AttemptLimit {
  maxAttempts: number;
  windowMs: number;
  maxKeys: number;
}

export type AttemptDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class AttemptLimiter {
  readonly #limit: AttemptLimit;
  readonly #now: () => number;
  /** key -> attempt times inside the window, oldest first; Map order = least recently used first. */
  readonly #attempts = new Map<string, number[]>();

  constructor(limit: AttemptLimit, now: () => number = Date.now) {
    if (limit.maxAttempts < 1 || limit.windowMs <= 0 || limit.maxKeys < 1) throw new Error('AttemptLimiter needs positive limits');
    this.#limit = limit;
    this.#now = now;
  }

  /** Counts an attempt for `key` if one is left in the window; otherwise says when the next one is. */
  tryAttempt(key: string): AttemptDecision {
    const nowMs = this.#now();
    const recent = this.#recent(key, nowMs);
    this.#attempts.delete(key);
    if (recent.length >= this.#limit.maxAttempts) {
      this.#attempts.set(key, recent);
      return { allowed: false, retryAfterMs: recent[0] + this.#limit.windowMs - nowMs };
    }
    this.#makeRoom(nowMs);
    recent.push(nowMs);
    this.#attempts.set(key, recent);
    return { allowed: true };
  }

  get trackedKeyCount(): number {
    return this.#attempts.size;
  }

  #recent(key: string, nowMs: number): number[] {
    return (this.#attempts.get(key) ?? []).filter((atMs) => nowMs - atMs < this.#limit.windowMs);
  }

  #makeRoom(nowMs: number): void {
    if (this.#attempts.size < this.#limit.maxKeys) return;
    for (const [key, times] of this.#attempts) {
      if (times.every((atMs) => nowMs - atMs >= this.#limit.windowMs)) this.#attempts.delete(key);
    }
    // Still full: forget the least recently used key (bounded memory beats a perfect count).
    while (this.#attempts.size >= this.#limit.maxKeys) {
      const oldest = this.#attempts.keys().next().value;
      if (oldest === undefined) break;
      this.#attempts.delete(oldest);
    }
  }
}
