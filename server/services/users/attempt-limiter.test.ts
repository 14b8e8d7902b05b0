import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './attempt-limiter.ts';

function limiterAt(startMs: number, limit = { maxAttempts: 3, windowMs: 1_000, maxKeys: 100 }) {
  const clock = { nowMs: startMs };
  return { clock, limiter: new AttemptLimiter(limit, () => clock.nowMs) };
}

describe('AttemptLimiter', () => {
  it('allows maxAttempts per key in the window, then says when the oldest attempt leaves it', () => {
    const { clock, limiter } = limiterAt(10_000);
    expect(limiter.tryAttempt('u1')).toEqual({ allowed: true });
    clock.nowMs += 200;
    expect(limiter.tryAttempt('u1')).toEqual({ allowed: true });
    expect(limiter.tryAttempt('u1')).toEqual({ allowed: true });
    expect(limiter.tryAttempt('u1')).toEqual({ allowed: false, retryAfterMs: 800 });
    expect(limiter.tryAttempt('u2')).toEqual({ allowed: true });
  });

  it('does not count refused attempts, and allows again once attempts slide out of the window', () => {
    const { clock, limiter } = limiterAt(0);
    for (let i = 0; i < 3; i++) limiter.tryAttempt('u1');
    for (let i = 0; i < 10; i++) expect(limiter.tryAttempt('u1').allowed).toBe(false);
    clock.nowMs = 1_000;
    expect(limiter.tryAttempt('u1')).toEqual({ allowed: true });
    expect(limiter.tryAttempt('u1')).toEqual({ allowed: true });
    expect(limiter.tryAttempt('u1')).toEqual({ allowed: true });
    expect(limiter.tryAttempt('u1').allowed).toBe(false);
  });

  it('keeps at most maxKeys keys, dropping expired keys before the least recently used', () => {
    const { clock, limiter } = limiterAt(0, { maxAttempts: 1, windowMs: 1_000, maxKeys: 3 });
    limiter.tryAttempt('old');
    clock.nowMs = 1_500;
    limiter.tryAttempt('a');
    limiter.tryAttempt('b');
    limiter.tryAttempt('c');
    expect(limiter.trackedKeyCount).toBe(3);
    expect(limiter.tryAttempt('a').allowed).toBe(false);
    limiter.tryAttempt('d');
    expect(limiter.trackedKeyCount).toBe(3);
    // 'b' was least recently used, so it was forgotten; 'a' (refused just before) was kept.
    expect(limiter.tryAttempt('b').allowed).toBe(true);
    expect(limiter.trackedKeyCount).toBe(3);
  });
});
