import { describe, expect, it } from 'vitest';
import { SignInBackoff } from './sign-in-backoff.ts';

function backoffAt(startMs: number, maxAccounts = 100) {
  const clock = { nowMs: startMs };
  const backoff = new SignInBackoff({ freeFailures: 2, baseDelayMs: 1_000, maxDelayMs: 8_000, maxAccounts }, () => clock.nowMs);
  return { clock, backoff };
}

describe('SignInBackoff', () => {
  it('lets the free failures pass, then doubles the wait with each further failure up to the cap', () => {
    const { clock, backoff } = backoffAt(0);
    backoff.recordFailure('ann');
    backoff.recordFailure('ann');
    expect(backoff.check('ann')).toEqual({ allowed: true });
    const waits: number[] = [];
    for (let failure = 0; failure < 6; failure++) {
      backoff.recordFailure('ann');
      const gate = backoff.check('ann');
      waits.push(gate.allowed ? 0 : gate.retryAfterMs);
      clock.nowMs += waits.at(-1)!;
      expect(backoff.check('ann')).toEqual({ allowed: true });
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(backoff.check('bob')).toEqual({ allowed: true });
  });

  it('forgets an account on success', () => {
    const { backoff } = backoffAt(0);
    for (let failure = 0; failure < 4; failure++) backoff.recordFailure('ann');
    expect(backoff.check('ann').allowed).toBe(false);
    backoff.recordSuccess('ann');
    expect(backoff.check('ann')).toEqual({ allowed: true });
    expect(backoff.trackedAccountCount).toBe(0);
  });

  it('keeps at most maxAccounts, dropping unlocked accounts first', () => {
    const { backoff } = backoffAt(0, 2);
    for (let failure = 0; failure < 3; failure++) backoff.recordFailure('locked');
    backoff.recordFailure('a');
    backoff.recordFailure('b');
    expect(backoff.trackedAccountCount).toBe(2);
    expect(backoff.check('locked').allowed).toBe(false);
  });
});
