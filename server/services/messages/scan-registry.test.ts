// The scan registry's fairness rules, with scans whose end the test controls: at most N running per user and
// per cluster, the rest queued in order; queues bounded per user; a queued scan cancelled never runs and frees
// what it held; a search nobody reads any more is cancelled.
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanOutcome } from './record-scan.ts';
import { ScanQueueFullError, ScanRegistry, type ScanJobHandle, type ScanLimits } from './scan-registry.ts';

const ended: ScanOutcome = { stoppedBy: 'end', cursor: {}, error: null };

/** A scan that runs until the test ends it (or it is cancelled); records that it started. */
function controlledScans() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const work = (name: string) => (job: ScanJobHandle) =>
    new Promise<ScanOutcome>((resolve) => {
      started.push(name);
      finishers.set(name, () => resolve(ended));
      job.signal.addEventListener('abort', () => resolve({ stoppedBy: 'cancelled', cursor: {}, error: null }));
    });
  const finish = async (name: string) => {
    finishers.get(name)!();
    // The registry moves on when the work's promise settles.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, work, finish };
}

let registry: ScanRegistry;
const open = (limits: Partial<ScanLimits>) => (registry = new ScanRegistry(limits));
afterEach(() => registry?.close());

describe('scan registry', () => {
  it('runs at most maxRunningPerUser scans of one user, queues the rest, and does not hold up other users', async () => {
    open({ maxRunningPerUser: 2, maxRunningPerCluster: 10 });
    const scans = controlledScans();
    const a1 = registry.start({ userId: 'alice', clusterId: 'c' }, [], scans.work('a1'));
    registry.start({ userId: 'alice', clusterId: 'c' }, [], scans.work('a2'));
    const a3 = registry.start({ userId: 'alice', clusterId: 'c' }, [], scans.work('a3'));
    registry.start({ userId: 'bob', clusterId: 'c' }, [], scans.work('b1'));
    expect(scans.started).toEqual(['a1', 'a2', 'b1']);
    expect(registry.snapshot(a3, 'alice')).toMatchObject({ state: 'queued', queuedBehind: 0 });
    expect(registry.counts('alice')).toEqual({ running: 2, queued: 1 });
    await scans.finish('a1');
    expect(registry.snapshot(a1, 'alice')).toMatchObject({ state: 'finished', outcome: { stoppedBy: 'end' } });
    expect(scans.started).toEqual(['a1', 'a2', 'b1', 'a3']);
    expect(registry.snapshot(a3, 'alice')?.state).toBe('running');
  });

  it('runs at most maxRunningPerCluster scans on one cluster, whoever starts them, and not fewer on another', async () => {
    open({ maxRunningPerUser: 5, maxRunningPerCluster: 2 });
    const scans = controlledScans();
    registry.start({ userId: 'u1', clusterId: 'busy' }, [], scans.work('u1'));
    registry.start({ userId: 'u2', clusterId: 'busy' }, [], scans.work('u2'));
    const third = registry.start({ userId: 'u3', clusterId: 'busy' }, [], scans.work('u3'));
    const fourth = registry.start({ userId: 'u4', clusterId: 'busy' }, [], scans.work('u4'));
    registry.start({ userId: 'u3', clusterId: 'quiet' }, [], scans.work('u3-quiet'));
    expect(scans.started).toEqual(['u1', 'u2', 'u3-quiet']);
    expect(registry.snapshot(fourth, 'u4')).toMatchObject({ state: 'queued', queuedBehind: 1 });
    await scans.finish('u2');
    expect(scans.started).toEqual(['u1', 'u2', 'u3-quiet', 'u3']);
    expect(registry.snapshot(third, 'u3')?.state).toBe('running');
    expect(registry.snapshot(fourth, 'u4')).toMatchObject({ state: 'queued', queuedBehind: 0 });
  });

  it("bounds one user's queue without refusing other users", () => {
    open({ maxRunningPerUser: 1, maxQueuedPerUser: 2, maxQueued: 10 });
    const scans = controlledScans();
    for (let index = 0; index < 3; index++) registry.start({ userId: 'greedy', clusterId: 'c' }, [], scans.work(`g${index}`));
    expect(() => registry.start({ userId: 'greedy', clusterId: 'c' }, [], scans.work('g3'))).toThrow(ScanQueueFullError);
    registry.start({ userId: 'other', clusterId: 'c' }, [], scans.work('o1'));
    registry.start({ userId: 'other', clusterId: 'c' }, [], scans.work('o2'));
    expect(registry.counts()).toEqual({ running: 2, queued: 3 });
  });

  it('never runs a queued scan that is cancelled, and frees what it held; shutting down frees the queue too', async () => {
    open({ maxRunningPerUser: 1 });
    const scans = controlledScans();
    const released: string[] = [];
    registry.start({ userId: 'u', clusterId: 'c' }, [], scans.work('first'), { release: () => void released.push('first') });
    const second = registry.start({ userId: 'u', clusterId: 'c' }, [], scans.work('second'), {
      release: () => void released.push('second'),
    });
    registry.start({ userId: 'u', clusterId: 'c' }, [], scans.work('third'), { release: () => void released.push('third') });
    expect(registry.cancel(second, 'someone-else')).toBe(false);
    expect(registry.cancel(second, 'u')).toBe(true);
    expect(registry.snapshot(second, 'u')).toMatchObject({ state: 'finished', outcome: { stoppedBy: 'cancelled' } });
    expect(released).toEqual(['second']);
    registry.close();
    await new Promise((resolve) => setImmediate(resolve));
    // The running one frees its own (its work's finally); the queued one is released and never starts.
    expect(released).toEqual(['second', 'third']);
    expect(scans.started).toEqual(['first']);
  });

  it('cancels a search its page stopped reading, and keeps one that is read', async () => {
    open({ abandonAfterMs: 300 });
    const scans = controlledScans();
    const read = registry.start({ userId: 'u', clusterId: 'c' }, [], scans.work('read'), { watched: true });
    const left = registry.start({ userId: 'v', clusterId: 'c' }, [], scans.work('left'), { watched: true });
    const unwatched = registry.start({ userId: 'w', clusterId: 'c' }, [], scans.work('export'), { kind: 'export' });
    const deadline = Date.now() + 1_200;
    while (Date.now() < deadline) {
      registry.snapshot(read, 'u');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(registry.snapshot(read, 'u')?.state).toBe('running');
    expect(registry.snapshot(left, 'v')).toMatchObject({ state: 'finished', outcome: { stoppedBy: 'cancelled' } });
    expect(registry.snapshot(left, 'v')?.notes.join(' ')).toMatch(/stopped reading/);
    expect(registry.snapshot(unwatched, 'w')).toMatchObject({ kind: 'export', state: 'running' });
  });
});
