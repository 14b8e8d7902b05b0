import { describe, expect, it } from 'vitest';
import { type Assignment, type AssignmentSpec, partitionCount, rangeAssignor, uniformAssignor } from './consumer-group-assignors.ts';

function spec(
  members: Record<string, string[]>,
  topics: Record<string, number>,
  previous: Record<string, Record<string, number[]>> = {},
): AssignmentSpec {
  return {
    members: new Map(Object.entries(members).map(([id, subscribed]) => [id, new Set(subscribed)])),
    topics: new Map(Object.entries(topics)),
    previous: new Map(
      Object.entries(previous).map(([id, assignment]) => [id, new Map(Object.entries(assignment).map(([t, ps]) => [t, new Set(ps)]))]),
    ),
  };
}

/** memberId -> topic -> sorted partitions, for readable expectations. */
function plain(result: Map<string, Assignment>): Record<string, Record<string, number[]>> {
  return Object.fromEntries(
    [...result].map(([id, assignment]) => [id, Object.fromEntries([...assignment].map(([t, ps]) => [t, [...ps].sort((a, b) => a - b)]))]),
  );
}

function owners(result: Map<string, Assignment>): Map<string, string[]> {
  const byPartition = new Map<string, string[]>();
  for (const [memberId, assignment] of result) {
    for (const [topicId, partitions] of assignment) {
      for (const partition of partitions)
        byPartition.set(`${topicId}:${partition}`, [...(byPartition.get(`${topicId}:${partition}`) ?? []), memberId]);
    }
  }
  return byPartition;
}

describe('uniform assignor', () => {
  it('spreads the partitions of a shared subscription evenly, each partition to exactly one member', () => {
    const result = uniformAssignor.assign(spec({ a: ['t'], b: ['t'], c: ['t'] }, { t: 7 }));
    const counts = [...result.values()].map(partitionCount).sort();
    expect(counts).toEqual([2, 2, 3]);
    const owned = owners(result);
    expect(owned.size).toBe(7);
    for (const memberIds of owned.values()) expect(memberIds).toHaveLength(1);
  });

  it('is sticky: when a member leaves, the others keep what they had and share its partitions', () => {
    const before = uniformAssignor.assign(spec({ a: ['t'], b: ['t'], c: ['t'] }, { t: 6 }));
    const previous = plain(before);
    const after = plain(uniformAssignor.assign(spec({ a: ['t'], b: ['t'] }, { t: 6 }, previous)));
    for (const memberId of ['a', 'b']) {
      for (const partition of previous[memberId].t) expect(after[memberId].t).toContain(partition);
      expect(after[memberId].t).toHaveLength(3);
    }
  });

  it('when a member joins, moves only what the balance needs from the others', () => {
    const previous = { a: { t: [0, 1, 2, 3, 4, 5] } };
    const after = plain(uniformAssignor.assign(spec({ a: ['t'], b: ['t'] }, { t: 6 }, previous)));
    expect(after.a.t).toHaveLength(3);
    expect(after.b.t).toHaveLength(3);
    expect([...after.a.t, ...after.b.t].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('balances members with different subscriptions among the partitions they can take', () => {
    const result = plain(uniformAssignor.assign(spec({ a: ['t1'], b: ['t1', 't2'], c: ['t2'] }, { t1: 4, t2: 4 })));
    expect(result.a.t1.length + (result.b.t1?.length ?? 0)).toBe(4);
    expect((result.b.t2?.length ?? 0) + result.c.t2.length).toBe(4);
    const counts = Object.values(result).map((assignment) => Object.values(assignment).flat().length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(result.a.t2).toBeUndefined();
    expect(result.c.t1).toBeUndefined();
  });

  it('drops previous partitions of topics a member no longer subscribes to, or that shrank away', () => {
    const result = plain(uniformAssignor.assign(spec({ a: ['t2'] }, { t1: 2, t2: 1 }, { a: { t1: [0, 1], t2: [0, 5] } })));
    expect(result).toEqual({ a: { t2: [0] } });
  });

  it('gives members with nothing to subscribe to an empty assignment', () => {
    expect(plain(uniformAssignor.assign(spec({ a: [], b: ['t'] }, { t: 2 })))).toEqual({ a: {}, b: { t: [0, 1] } });
  });
});

describe('range assignor', () => {
  it('hands contiguous ranges to the subscribers sorted by member id, the first ones one more', () => {
    const result = plain(rangeAssignor.assign(spec({ c: ['t'], a: ['t'], b: ['t'] }, { t: 7 })));
    expect(result).toEqual({ a: { t: [0, 1, 2] }, b: { t: [3, 4] }, c: { t: [5, 6] } });
  });

  it('lines up co-partitioned topics on the same member', () => {
    const result = plain(rangeAssignor.assign(spec({ a: ['orders', 'payments'], b: ['orders', 'payments'] }, { orders: 4, payments: 4 })));
    expect(result.a).toEqual({ orders: [0, 1], payments: [0, 1] });
    expect(result.b).toEqual({ orders: [2, 3], payments: [2, 3] });
  });

  it('assigns each topic only among its own subscribers', () => {
    const result = plain(rangeAssignor.assign(spec({ a: ['t1'], b: ['t1', 't2'] }, { t1: 2, t2: 3 })));
    expect(result).toEqual({ a: { t1: [0] }, b: { t1: [1], t2: [0, 1, 2] } });
  });
});
