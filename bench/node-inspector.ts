// A Chrome DevTools Protocol session with another Node process started with `--inspect=127.0.0.1:<port>`
// (Node 22's WebSocket client): the bench asks the console process for a full GC and its memory usage, so
// memory the process still holds can be told apart from garbage V8 has not collected yet.
const connectTimeoutMs = 10_000;
const callTimeoutMs = 30_000;

export interface ProcessMemory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export class NodeInspector {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      const pending = message.id === undefined ? undefined : this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id!);
      if (message.error) pending.reject(new Error(message.error.message));
      else pending.resolve(message.result);
    });
  }

  static async connect(port: number): Promise<NodeInspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    if (targets.length === 0) throw new Error(`no inspector target on port ${port}`);
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`inspector on port ${port} did not answer`)), connectTimeoutMs);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.addEventListener('error', () => reject(new Error(`inspector on port ${port}: connection failed`)));
    });
    return new NodeInspector(socket);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method} got no answer within ${callTimeoutMs} ms`));
      }, callTimeoutMs);
      this.#pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** process.memoryUsage() of the inspected process, after a full garbage collection when `collect` is set. */
  async memoryUsage(collect: boolean): Promise<ProcessMemory> {
    if (collect) await this.send('HeapProfiler.collectGarbage');
    const answer = (await this.send('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    return JSON.parse(answer.result.value) as ProcessMemory;
  }

  close(): void {
    this.#socket.close();
  }
}
