// Runs async tasks one at a time in arrival order, with a bound on how many may wait.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private readonly maxWaiting: number;

  constructor(maxWaiting: number) {
    this.maxWaiting = maxWaiting;
  }

  get size(): number {
    return this.waiting;
  }

  /** Queues `task`; returns null without running it when the queue is full. */
  run<T>(task: () => Promise<T>): Promise<T> | null {
    if (this.waiting >= this.maxWaiting) return null;
    this.waiting++;
    const result = this.tail.then(task).finally(() => {
      this.waiting--;
    });
    this.tail = result.catch(() => undefined);
    return result;
  }
}
