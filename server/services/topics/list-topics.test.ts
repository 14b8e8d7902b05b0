import { describe, expect, it } from 'vitest';
import type { TopicInfo } from '../../kafka/cluster-client.ts';
import { pageTopics } from './list-topics.ts';

function topic(name: string, partitionCount: number, inSync = true): TopicInfo {
  const partitions = Array.from({ length: partitionCount }, (_, partition) => ({
    partition,
    leader: 1,
    replicas: [1, 2],
    isr: inSync ? [1, 2] : [1],
  }));
  return { name, id: name, internal: false, partitionCount, replicationFactor: 2, partitions };
}

const defaults = { search: '', sortBy: 'name', sortDirection: 'asc', page: 1, pageSize: 50 } as const;

describe('pageTopics', () => {
  it('searches case-insensitively and counts all matches, not only the page', () => {
    const topics = [topic('Orders', 1), topic('orders-dlq', 1), topic('payments', 1)];
    const page = pageTopics(topics, { ...defaults, search: 'ORDER', pageSize: 1 });
    expect(page.totalCount).toBe(2);
    expect(page.rows.map((row) => row.name)).toEqual(['Orders']);
  });

  it('sorts by partitions descending with the name breaking ties', () => {
    const page = pageTopics([topic('b', 3), topic('a', 3), topic('c', 9)], { ...defaults, sortBy: 'partitions', sortDirection: 'desc' });
    expect(page.rows.map((row) => row.name)).toEqual(['c', 'b', 'a']);
  });

  it('names the owning team by the longest matching prefix', () => {
    const prefixes = [
      { prefix: 'payments.eu.', teamName: 'eu' },
      { prefix: 'payments.', teamName: 'payments' },
    ];
    const page = pageTopics(
      [topic('payments.eu.refunds', 1), topic('payments.us', 1), topic('orders', 1)],
      { ...defaults, sortBy: 'owningTeam' },
      prefixes,
    );
    expect(page.rows.map((row) => [row.name, row.owningTeam])).toEqual([
      ['orders', null],
      ['payments.eu.refunds', 'eu'],
      ['payments.us', 'payments'],
    ]);
  });

  it('counts under-replicated partitions', () => {
    expect(pageTopics([topic('lagging', 4, false)], defaults).rows[0].underReplicatedPartitions).toBe(4);
  });

  it('pages 10,000 topics in well under 100 ms', () => {
    const topics = Array.from({ length: 10_000 }, (_, index) => topic(`topic-${String(index).padStart(5, '0')}`, 1 + (index % 7)));
    const started = performance.now();
    const page = pageTopics(topics, { ...defaults, search: 'topic-09', page: 3, pageSize: 100 });
    const elapsedMs = performance.now() - started;
    expect(page.totalCount).toBe(1000);
    expect(page.rows[0].name).toBe('topic-09200');
    expect(elapsedMs).toBeLessThan(100);
  });
});
