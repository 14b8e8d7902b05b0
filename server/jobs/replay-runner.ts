// Runs the replay jobs of this console process: every replay whose status is "running" has one ReplayJob here.
// The database row is the switch: verbs change the status and wake the runner; a poll every few seconds also
// picks up replays left running by a previous process (a restart, a kill -9), which resume from the positions
// committed in Kafka. At most MAX_CONCURRENT_REPLAYS copy at once; more wait their turn.
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { replays } from '../db/schema/index.ts';
import type { ClusterRegistry } from '../services/clusters/cluster-registry.ts';
import type { ReplayPlan, ReplaySettings } from '../services/replays/replay-model.ts';
import { ReplayJob } from './replay-job.ts';

const POLL_INTERVAL_MS = 3_000;
const MAX_CONCURRENT_REPLAYS = 4;
const STOP_WAIT_MS = 60_000;

export interface ReplayRunnerOptions {
  db: Database;
  clusters: ClusterRegistry;
}

export class ReplayRunner {
  private readonly active = new Map<string, { job: ReplayJob; done: Promise<void> }>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private stopped = false;
  private readonly options: ReplayRunnerOptions;

  constructor(options: ReplayRunnerOptions) {
    this.options = options;
  }

  /** Resumes the replays left running and watches for new ones. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.wake(), POLL_INTERVAL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Looks for replays to run now (after a start, approval or resume). */
  wake(): void {
    if (this.stopped || !this.timer) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.poll()
      .catch((error) =>
        console.error(`replays: could not look for replays to run: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.polling = null;
        if (this.pollAgain) {
          this.pollAgain = false;
          this.wake();
        }
      });
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  /** Stops one job after its transaction in flight and waits for it (bounded). */
  async stopJob(id: string): Promise<void> {
    const running = this.active.get(id);
    if (!running) return;
    running.job.requestStop();
    await Promise.race([running.done, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
    await Promise.all([...this.active.keys()].map((id) => this.stopJob(id)));
  }

  private async poll(): Promise<void> {
    const rows = await this.options.db.select().from(replays).where(eq(replays.status, 'running')).orderBy(asc(replays.startedAt));
    for (const row of rows) {
      if (this.stopped || this.active.size >= MAX_CONCURRENT_REPLAYS) break;
      if (this.active.has(row.id)) continue;
      const job = new ReplayJob(
        {
          id: row.id,
          clusterId: row.clusterId,
          sourceTopic: row.sourceTopic,
          targetTopic: row.targetTopic,
          settings: row.settings as ReplaySettings,
          plan: row.plan as ReplayPlan,
        },
        this.options,
      );
      const done = job
        .run()
        .catch((error) => console.error(`replay ${row.id} stopped unexpectedly:`, error))
        .finally(() => {
          this.active.delete(row.id);
          // A job that ended frees a slot for a waiting one.
          this.wake();
        });
      this.active.set(row.id, { job, done });
    }
  }
}
