// Per-account limit on password guesses, independent of the address they come from (addresses are cheap to
// rotate). The first `freeFailures` consecutive failures cost nothing; each one after that locks the account's
// sign-in for baseDelayMs * 2^(n - freeFailures), capped at maxDelayMs. A success clears the count. Attempts
// while locked are refused without checking the password, so they neither count nor reveal anything.
//
// Bounds: at most `maxAccounts` entries; when full, entries whose lock has expired go first, then the least
// recently failed. Per process, like attempt-limiter.ts.

export interface SignInBackoffLimits {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxAccounts: number;
}

export const defaultSignInBackoffLimits: SignInBackoffLimits = {
  freeFailures: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  maxAccounts: 10_000,
};

interface AccountFailures {
  failures: number;
  lockedUntilMs: number;
}

export type SignInGate = { allowed: true } | { allowed: false; retryAfterMs: number };

export class SignInBackoff {
  readonly #limits: SignInBackoffLimits;
  readonly #now: () => number;
  /** Map order = least recently failed first. */
  readonly #accounts = new Map<string, AccountFailures>();

  constructor(limits: SignInBackoffLimits = defaultSignInBackoffLimits, now: () => number = Date.now) {
    if (limits.freeFailures < 0 || limits.baseDelayMs <= 0 || limits.maxDelayMs < limits.baseDelayMs || limits.maxAccounts < 1) {
      throw new Error('SignInBackoff needs positive limits');
    }
    this.#limits = limits;
    this.#now = now;
  }

  check(account: string): SignInGate {
    const state = this.#accounts.get(account);
    const waitMs = state ? state.lockedUntilMs - this.#now() : 0;
    return waitMs > 0 ? { allowed: false, retryAfterMs: waitMs } : { allowed: true };
  }

  recordFailure(account: string): void {
    const state = this.#accounts.get(account) ?? { failures: 0, lockedUntilMs: 0 };
    this.#accounts.delete(account);
    this.#makeRoom();
    state.failures += 1;
    const lockingFailures = state.failures - this.#limits.freeFailures;
    if (lockingFailures > 0) {
      // 2^40 ms is far past any sane cap; the exponent is clamped so the maths stays finite.
      const delayMs = Math.min(this.#limits.baseDelayMs * 2 ** Math.min(lockingFailures - 1, 40), this.#limits.maxDelayMs);
      state.lockedUntilMs = this.#now() + delayMs;
    }
    this.#accounts.set(account, state);
  }

  recordSuccess(account: string): void {
    this.#accounts.delete(account);
  }

  get trackedAccountCount(): number {
    return this.#accounts.size;
  }

  #makeRoom(): void {
    if (this.#accounts.size < this.#limits.maxAccounts) return;
    const nowMs = this.#now();
    for (const [account, state] of this.#accounts) if (state.lockedUntilMs <= nowMs) this.#accounts.delete(account);
    while (this.#accounts.size >= this.#limits.maxAccounts) {
      const oldest = this.#accounts.keys().next().value;
      if (oldest === undefined) break;
      this.#accounts.delete(oldest);
    }
  }
}
