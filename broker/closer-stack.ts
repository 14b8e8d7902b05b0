// The components a starting broker has opened, closed in reverse order: on a failed start (so a component
// that fails to open does not leak the ones opened before it: files, timers, listening sockets) and on close.

export type Closer = () => Promise<void> | void;

export class CloserStack {
  private readonly closers: { name: string; close: Closer }[] = [];
  private readonly log: (line: string) => void;

  constructor(log: (line: string) => void) {
    this.log = log;
  }

  /** Registers `close` for a component just opened; it runs before those registered earlier. */
  push(name: string, close: Closer): void {
    this.closers.push({ name, close });
  }

  /**
   * Runs every closer, last registered first, each once. A failing closer is logged and the unwinding goes
   * on (a component that cannot close must not keep the others open); the first error is thrown at the end.
   */
  async closeAll(): Promise<void> {
    let firstError: unknown = null;
    for (let closer = this.closers.pop(); closer !== undefined; closer = this.closers.pop()) {
      try {
        await closer.close();
      } catch (error) {
        this.log(`closing ${closer.name} failed: ${String(error)}`);
        firstError ??= error;
      }
    }
    if (firstError !== null) throw firstError;
  }
}
