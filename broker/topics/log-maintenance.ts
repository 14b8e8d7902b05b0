// Background work on every partition log: time-based flushes (flush.ms), retention (retention.ms /
// retention.bytes, checked every log.retention.check.interval.ms as Kafka does) and the log cleaner
// (compacted topics, every log.cleaner.backoff.ms). Flush/retention run one task at a time, so a slow
// disk delays maintenance rather than piling it up; the cleaner runs on its own chain so a long
// compaction never delays flushes or retention (and never blocks produce or fetch).

import type { TopicRegistry } from './topic-registry.ts';

const FLUSH_CHECK_INTERVAL_MS = 1000;

export interface LogMaintenanceOptions {
  retentionCheckIntervalMs: number;
  /** Kafka's log.cleaner.backoff.ms; defaults to 15 s. */
  logCleanerBackoffMs?: number;
  log: (line: string) => void;
}

export function startLogMaintenance(topics: TopicRegistry, options: LogMaintenanceOptions): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let cleaning: Promise<void> = Promise.resolve();
  let cleanerBusy = false;
  let lastRetentionCheckMs = Date.now();
  const runExclusive = (task: () => Promise<void>) => {
    running = running.then(task).catch((error: unknown) => options.log(`log maintenance failed: ${String(error)}`));
  };
  const timer = setInterval(
    () => {
      runExclusive(async () => {
        const now = Date.now();
        const checkRetention = now - lastRetentionCheckMs >= options.retentionCheckIntervalMs;
        if (checkRetention) lastRetentionCheckMs = now;
        for (const topic of topics.list()) {
          for (const log of topic.partitions) {
            await log.flushIfDue(now);
            if (checkRetention) {
              const deleted = await log.deleteOldSegments(now);
              if (deleted > 0) options.log(`retention deleted ${deleted} segment(s) of ${log.dir}`);
            }
          }
        }
      });
    },
    Math.min(FLUSH_CHECK_INTERVAL_MS, options.retentionCheckIntervalMs),
  );
  timer.unref();

  const cleanerTimer = setInterval(() => {
    if (cleanerBusy) return;
    cleanerBusy = true;
    cleaning = (async () => {
      for (const topic of topics.list()) {
        for (const log of topic.partitions) {
          const replaced = await log.compact(Date.now());
          if (replaced > 0) options.log(`log cleaner recopied ${replaced} segment(s) of ${log.dir}`);
        }
      }
    })()
      .catch((error: unknown) => options.log(`log cleaner failed: ${String(error)}`))
      .finally(() => {
        cleanerBusy = false;
      });
  }, options.logCleanerBackoffMs ?? 15_000);
  cleanerTimer.unref();

  return async () => {
    clearInterval(timer);
    clearInterval(cleanerTimer);
    await running;
    await cleaning;
  };
}
