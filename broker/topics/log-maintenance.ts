// Background work on every partition log: time-based flushes (flush.ms) and retention (retention.ms /
// retention.bytes, checked every log.retention.check.interval.ms as Kafka does). One task at a time, so a
// slow disk delays maintenance rather than piling it up.

import type { TopicRegistry } from './topic-registry.ts';

const FLUSH_CHECK_INTERVAL_MS = 1000;

export function startLogMaintenance(topics: TopicRegistry, options: { retentionCheckIntervalMs: number; log: (line: string) => void }): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let lastRetentionCheckMs = Date.now();
  const runExclusive = (task: () => Promise<void>) => {
    running = running.then(task).catch((error: unknown) => options.log(`log maintenance failed: ${String(error)}`));
  };
  const timer = setInterval(() => {
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
  }, Math.min(FLUSH_CHECK_INTERVAL_MS, options.retentionCheckIntervalMs));
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
