import { describe, expect, it } from 'vitest';
import { describeOverlaps, findPrefixOverlaps, normalizePrefixes, TopicPrefix } from './topic-prefix.ts';

describe('topic prefixes', () => {
  it('accepts Kafka topic characters and refuses others', () => {
    expect(TopicPrefix.parse(' payments. ')).toBe('payments.');
    expect(TopicPrefix.safeParse('billing_v2-').success).toBe(true);
    for (const bad of ['', 'a b', 'pay/ments', 'ä', 'x'.repeat(250)]) expect(TopicPrefix.safeParse(bad).success).toBe(false);
  });

  it('finds equal prefixes and prefixes that start one another, but not mere neighbours', () => {
    const owned = [
      { prefix: 'pay', teamName: 'payments' },
      { prefix: 'search.', teamName: 'search' },
    ];
    const overlaps = findPrefixOverlaps(['payments.', 'search', 'sea', 'orders.', 'searching.'], owned);
    expect(overlaps.map((overlap) => `${overlap.prefix}~${overlap.owned.prefix}`)).toEqual([
      'payments.~pay',
      'search~search.',
      'sea~search.',
    ]);
  });

  it('names the owning team in the refusal', () => {
    const message = describeOverlaps(findPrefixOverlaps(['pay.'], [{ prefix: 'pay', teamName: 'billing' }]));
    expect(message).toMatch(/"pay\." overlaps "pay" of team billing/);
  });

  it('drops duplicates and sorts', () => {
    expect(normalizePrefixes(['b.', 'a.', 'b.'])).toEqual(['a.', 'b.']);
  });
});
