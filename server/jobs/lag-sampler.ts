// The lag sampler: every intervalMs, for every registered cluster, one round (lag-sample-round.ts) stored by
// server/lag-history/store-samples.ts. Each cluster has its own loop and its own timeout, so a slow or
// unreachable cluster delays only its own samples; its failed or late rounds are stored as gaps with the
// reason, never as zeros. Once a minute the job rolls samples up and deletes what is past retention. The last
// good round of each cluster stays in memory for /metrics (scrapes never reach the clusters).
import type { Database } from '../db/database.ts';
import { RecordFetcher } from '../kafka/record-fetcher.ts';
import { deleteExpired, type LagRetention, MINUTE_MS, rollUp } from '../lag-history/rollup.ts';
import { LagKeyCache, storeClusterSample, storeFailedRound } from '../lag-history/store-samples.ts';
import type { ClusterRegistry } from '../services/clusters/cluster-registry.ts';
import { type ClusterSample, sampleCluster } from './lag-sample-round.ts';
import { TimestampCache } from './timestamp-cache.ts';

export interface LagSamplerConfig {
  /** 0 turns the sampler off. */
  intervalMs: number;
  /** A round not finished after this is abandoned and stored as a gap. */
  timeoutMs: number;
  retention: LagRetention;
}

export interface LagRound {
  clusterId: string;
  sampledAtMs: number;
  durationMs: number;
  /** Null: stored. Else why this round is a gap. */
  error: string | null;
}

type RoundListener = (round: LagRound) => void;

interface ClusterLoop {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  /** The protocol work of a round, which may outlive the round's timeout: no new round starts before it ends. */
  unfinished: Promise<unknown> | null;
  runningSinceMs: number;
  fetcher: RecordFetcher | null;
  timestamps: TimestampCache;
}

export class LagSampler {
  private readonly db: Database;
  private readonly clusters: ClusterRegistry;
  private readonly config: LagSamplerConfig;
  private readonly keys = new LagKeyCache();
  private readonly loops = new Map<string, ClusterLoop>();
  private readonly latestSamples = new Map<string, ClusterSample>();
  private readonly lastRoundByCluster = new Map<string, LagRound>();
  private readonly listeners = new Set<RoundListener>();
  private supervisor: NodeJS.Timeout | null = null;
  private maintenance: NodeJS.Timeout | null = null;
  private maintaining: Promise<void> | null = null;
  private stopped = false;

  constructor(deps: { db: Database; clusters: ClusterRegistry; config: LagSamplerConfig }) {
    this.db = deps.db;
    this.clusters = deps.clusters;
    this.config = deps.config;
  }

  get intervalMs(): number {
    return this.config.intervalMs;
  }

  /** Starts the per-cluster loops (and follows clusters added or removed) and the minute maintenance. */
  start(): void {
    if (this.config.intervalMs <= 0 || this.supervisor || this.stopped) return;
    const supervise = () => void this.followClusters().catch((error) => console.error(`lag sampler: ${messageOf(error)}`));
    supervise();
    this.supervisor = setInterval(supervise, Math.max(this.config.intervalMs, 5_000));
    this.maintenance = setInterval(() => void this.maintain(Date.now()), MINUTE_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.supervisor) clearInterval(this.supervisor);
    if (this.maintenance) clearInterval(this.maintenance);
    const loops = [...this.loops.values()];
    this.loops.clear();
    for (const loop of loops) if (loop.timer) clearTimeout(loop.timer);
    // A round stuck on a dead cluster is not waited for longer than its timeout.
    await Promise.all(loops.map((loop) => loop.running?.catch(() => {})));
    await this.maintaining?.catch(() => {});
    await Promise.all(loops.map((loop) => loop.fetcher?.close().catch(() => {})));
  }

  /** The last round of this cluster that was stored (not a gap); null before the first. */
  latest(clusterId: string): ClusterSample | null {
    return this.latestSamples.get(clusterId) ?? null;
  }

  /** Every cluster's last stored round. */
  latestAll(): ClusterSample[] {
    return [...this.latestSamples.values()];
  }

  /** Every cluster's last round, stored or gap. */
  lastRounds(): LagRound[] {
    return [...this.lastRoundByCluster.values()];
  }

  /** Called after each round is stored (or stored as a gap); returns the unsubscribe function. */
  onRound(listener: RoundListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One round of one cluster, stored; what the loops run each interval (tests and the bench call it directly). */
  async sampleOnce(clusterId: string, sampledAtMs = Date.now()): Promise<LagRound> {
    const loop = this.loopOf(clusterId);
    const startedMs = performance.now();
    let round: LagRound;
    try {
      const client = await this.clusters.client(clusterId);
      loop.fetcher ??= new RecordFetcher(clusterId, await this.clusters.connection(clusterId));
      const work = sampleCluster(clusterId, client, loop.fetcher, loop.timestamps, sampledAtMs);
      loop.unfinished = work
        .catch(() => {})
        .finally(() => {
          if (loop.unfinished === tracked) loop.unfinished = null;
        });
      const tracked = loop.unfinished;
      const sample = await withTimeout(work, this.config.timeoutMs, `The cluster did not answer within ${this.config.timeoutMs} ms.`);
      const durationMs = performance.now() - startedMs;
      await storeClusterSample(this.db, sample, this.keys, durationMs);
      this.latestSamples.set(clusterId, sample);
      round = { clusterId, sampledAtMs, durationMs, error: null };
    } catch (error) {
      const durationMs = performance.now() - startedMs;
      const reason = messageOf(error);
      // A broken connection is not reused: the next round starts a fresh fetcher.
      void loop.fetcher?.close().catch(() => {});
      loop.fetcher = null;
      await storeFailedRound(this.db, clusterId, sampledAtMs, durationMs, reason).catch((storeError) =>
        console.error(`lag sampler: cannot store the gap of ${clusterId}: ${messageOf(storeError)}`),
      );
      round = { clusterId, sampledAtMs, durationMs, error: reason };
    }
    if (this.loops.has(clusterId)) this.lastRoundByCluster.set(clusterId, round);
    for (const listener of this.listeners) {
      try {
        listener(round);
      } catch (error) {
        console.error(`lag sampler: a round listener failed: ${messageOf(error)}`);
      }
    }
    return round;
  }

  /** Roll-ups then retention; runs once a minute, never twice at once. */
  async maintain(nowMs: number): Promise<void> {
    if (this.maintaining) return this.maintaining;
    this.maintaining = (async () => {
      try {
        await rollUp(this.db, 'minute', nowMs);
        await rollUp(this.db, 'hour', nowMs);
        await deleteExpired(this.db, this.config.retention, nowMs);
      } catch (error) {
        console.error(`lag sampler: roll-up or retention failed: ${messageOf(error)}`);
      } finally {
        this.maintaining = null;
      }
    })();
    return this.maintaining;
  }

  private loopOf(clusterId: string): ClusterLoop {
    let loop = this.loops.get(clusterId);
    if (!loop) {
      loop = { timer: null, running: null, unfinished: null, runningSinceMs: 0, fetcher: null, timestamps: new TimestampCache() };
      this.loops.set(clusterId, loop);
    }
    return loop;
  }

  private async followClusters(): Promise<void> {
    const ids = new Set((await this.clusters.list()).map((cluster) => cluster.id));
    if (this.stopped) return;
    for (const id of ids) {
      const loop = this.loopOf(id);
      if (!loop.timer && !loop.running) this.schedule(id, loop);
    }
    for (const [id, loop] of this.loops) {
      if (ids.has(id)) continue;
      if (loop.timer) clearTimeout(loop.timer);
      this.loops.delete(id);
      this.latestSamples.delete(id);
      this.lastRoundByCluster.delete(id);
      void loop.fetcher?.close().catch(() => {});
    }
  }

  /** Rounds start on multiples of the interval, so every cluster's samples line up in time. */
  private schedule(clusterId: string, loop: ClusterLoop): void {
    const interval = this.config.intervalMs;
    const delayMs = interval - (Date.now() % interval);
    loop.timer = setTimeout(() => {
      loop.timer = null;
      if (this.stopped || this.loops.get(clusterId) !== loop) return;
      const sampledAtMs = Math.round(Date.now() / interval) * interval;
      if (loop.running || loop.unfinished) {
        // The previous round is still waiting on this cluster: the interval is a gap, said as such.
        const reason = `The previous round (started ${new Date(loop.runningSinceMs).toISOString()}) has not finished: the cluster answers slowly.`;
        void storeFailedRound(this.db, clusterId, sampledAtMs, 0, reason).catch(() => {});
      } else {
        loop.runningSinceMs = Date.now();
        loop.running = this.sampleOnce(clusterId, sampledAtMs)
          .then(() => undefined)
          .finally(() => {
            loop.running = null;
          });
      }
      this.schedule(clusterId, loop);
    }, delayMs);
  }
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
