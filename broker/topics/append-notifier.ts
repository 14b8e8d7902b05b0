// Wakes long-polling fetches when data arrives on a partition they wait for.

export type PartitionKey = string;

export function partitionKey(topicName: string, partition: number): PartitionKey {
  return `${topicName}\u0000${partition}`;
}

interface Waiter {
  keys: readonly PartitionKey[];
  wake: () => void;
}

export class AppendNotifier {
  private readonly waitersByKey = new Map<PartitionKey, Set<Waiter>>();

  notify(key: PartitionKey): void {
    const waiters = this.waitersByKey.get(key);
    if (waiters === undefined) return;
    for (const waiter of [...waiters]) waiter.wake();
  }

  /** Resolves on the first append to any of `keys`, after `timeoutMs`, or when `signal` aborts. */
  waitForAppend(keys: readonly PartitionKey[], timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiter: Waiter = { keys, wake: () => finish() };
      const timer = setTimeout(() => finish(), Math.max(0, timeoutMs));
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        for (const key of keys) {
          const waiters = this.waitersByKey.get(key);
          waiters?.delete(waiter);
          if (waiters?.size === 0) this.waitersByKey.delete(key);
        }
        resolve();
      };
      if (signal?.aborted) return finish();
      signal?.addEventListener('abort', finish, { once: true });
      for (const key of keys) {
        let waiters = this.waitersByKey.get(key);
        if (waiters === undefined) {
          waiters = new Set();
          this.waitersByKey.set(key, waiters);
        }
        waiters.add(waiter);
      }
    });
  }
}
