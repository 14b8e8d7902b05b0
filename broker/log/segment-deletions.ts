// Kafka's asynchronous segment deletion: segments leaving the log (retention, DeleteRecords, cleaner
// swaps) are renamed *.deleted at once and their files removed after file.delete.delay.ms, so reads
// already on them finish. Leftover *.deleted files (crash, shutdown) are removed at the next open.

import type { FileSystem } from './file-system.ts';
import type { LogSegment } from './log-segment.ts';

/** setTimeout's limit; a longer file.delete.delay.ms is cut to it (the files then go ~24 days later). */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export class SegmentDeletions {
  private readonly fs: FileSystem;
  private readonly pending = new Map<ReturnType<typeof setTimeout>, LogSegment>();

  constructor(fs: FileSystem) {
    this.fs = fs;
  }

  /** Renames the segments' files *.deleted (durably) and schedules their removal. */
  async renameAndSchedule(dir: string, doomed: readonly LogSegment[], delayMs: number): Promise<void> {
    for (const segment of doomed) await segment.renameToDeleted(this.fs);
    if (doomed.length > 0) await this.fs.syncDir(dir);
    this.schedule(doomed, delayMs);
  }

  /** Schedules the removal of segments whose files are already renamed *.deleted. */
  schedule(doomed: readonly LogSegment[], delayMs: number): void {
    for (const segment of doomed) {
      const timer = setTimeout(
        () => {
          this.pending.delete(timer);
          segment.deleteRenamedFiles(this.fs).catch(() => undefined);
        },
        Math.min(delayMs, MAX_TIMER_DELAY_MS),
      );
      timer.unref();
      this.pending.set(timer, segment);
    }
  }

  /** Stops the timers (the files go at the next open) and closes the segments' handles. */
  async cancelAll(): Promise<void> {
    for (const [timer, segment] of this.pending) {
      clearTimeout(timer);
      await segment.close().catch(() => undefined);
    }
    this.pending.clear();
  }
}
