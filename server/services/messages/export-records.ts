// Exports every record a search matches (not just a page) as JSON Lines, streamed: the scan pauses while the
// download is slower than the scan, so memory stays bounded whatever the size. An export is a scan in the
// ScanRegistry like a search: same bounds (the records-scanned bound caps it), same places per user and
// cluster (queued beyond: the download waits), same progress, readable with messages.scan under its id, and a
// cursor to continue from where a bound stopped it, run in a worker thread (scan-worker-pool.ts) that asks
// this thread for room before each fetch and each slice of work. Audited before the first record is read.
import { z } from 'zod';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { ConflictError, TooManyAttemptsError } from '../service-error.ts';
import type { FetchedRecord } from '../../kafka/record-fetcher.ts';
import type { ScanOutcome } from './record-scan.ts';
import { ScanIdInUseError, ScanQueueFullError } from './scan-registry.ts';
import { prepareScan, StartScanInput } from './start-scan.ts';

export const ExportRecordsInput = StartScanInput.extend({
  /** Chosen by the page so it can show the export's progress (messages.scan) while the browser downloads. */
  exportId: z.string().uuid().optional(),
});
export type ExportRecordsInput = z.infer<typeof ExportRecordsInput>;

/** Bytes the download may have waiting before the scan pauses. */
const highWaterMarkBytes = 1024 * 1024;

export async function exportRecords({
  ctx,
  input: rawInput,
}: VerbArgs<typeof ExportRecordsInput>): Promise<{ fileName: string; body: ReadableStream<Uint8Array>; exportId: string }> {
  const { exportId: wantedId, ...input } = ExportRecordsInput.parse(rawInput);
  const { plan, fetcher, connection } = await prepareScan(ctx, input);
  // The positions are found; the worker reads with a fetcher of its own.
  await fetcher.close();
  // Every match goes into the file: the records-scanned bound (and bytes, time) stop it, and say so.
  plan.bounds.maxMatches = Number.MAX_SAFE_INTEGER;
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let wake: (() => void) | null = null;
  let exportId: string | null = null;
  const body = new ReadableStream<Uint8Array>(
    {
      start: (streamController) => {
        controller = streamController;
      },
      pull: () => {
        wake?.();
      },
      // The download was stopped: the scan stops too (queued or running).
      cancel: () => {
        if (exportId) ctx.scans.cancel(exportId, ctx.actor.userId);
        wake?.();
      },
    },
    { highWaterMark: highWaterMarkBytes, size: (chunk) => chunk.byteLength },
  );
  const registered = new Promise<string>((resolveRegistered, rejectRegistered) => {
    recordChange(
      ctx,
      { action: 'records.export', clusterId: input.clusterId, resourceType: 'topic', resourceName: input.topic, parameters: input },
      async () => {
        let settle!: (outcome: ScanOutcome) => void;
        const finished = new Promise<ScanOutcome>((resolve) => (settle = resolve));
        exportId = ctx.scans.start(
          { userId: ctx.actor.userId, clusterId: input.clusterId },
          [],
          async (job) => {
            const stop = () => wake?.();
            job.signal.addEventListener('abort', stop);
            try {
              const outcome = await ctx.scans.workers.run(
                plan,
                { clusterId: input.clusterId, connection },
                {
                  onMatch: (record) => controller.enqueue(encoder.encode(`${JSON.stringify(toExportLine(record))}\n`)),
                  onProgress: (progress) => job.onProgress(progress),
                  waitForRoom: async () => {
                    while ((controller.desiredSize ?? 1) <= 0 && !job.signal.aborted)
                      await new Promise<void>((resolve) => (wake = resolve));
                  },
                },
                job.signal,
              );
              settle(outcome);
              return outcome;
            } catch (error) {
              settle({ stoppedBy: 'failed', cursor: {}, error: error instanceof Error ? error.message : String(error) });
              throw error;
            } finally {
              job.signal.removeEventListener('abort', stop);
            }
          },
          {
            id: wantedId,
            kind: 'export',
            release: () => settle({ stoppedBy: 'cancelled', cursor: {}, error: null }),
          },
        );
        resolveRegistered(exportId);
        const outcome = await finished;
        endDownload(controller, outcome);
        if (outcome.stoppedBy === 'failed' || outcome.stoppedBy === 'topicDeleted') throw new Error(outcome.error ?? outcome.stoppedBy);
        return { result: undefined, after: { stoppedBy: outcome.stoppedBy, error: outcome.error, cursor: outcome.cursor } };
      },
    ).catch((error: unknown) => {
      rejectRegistered(error);
    });
  });
  try {
    const id = await registered;
    return { fileName: `${input.topic}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`, body, exportId: id };
  } catch (error) {
    if (error instanceof ScanQueueFullError) throw new TooManyAttemptsError(error.message, 1_000);
    if (error instanceof ScanIdInUseError) throw new ConflictError('This export was already started; start a new one.');
    throw error;
  }
}

/**
 * A file cut short must not look complete: a cancelled or failed export ends the download with an error (the
 * browser marks it failed). One stopped by a bound is complete up to its cursor: the page offers to continue.
 */
function endDownload(controller: ReadableStreamDefaultController<Uint8Array>, outcome: ScanOutcome): void {
  try {
    if (outcome.stoppedBy === 'cancelled') controller.error(new Error('Export cancelled.'));
    else if (outcome.stoppedBy === 'failed' || outcome.stoppedBy === 'topicDeleted')
      controller.error(new Error(outcome.error ?? 'Export failed.'));
    else controller.close();
  } catch {
    // Already closed or errored (the download was cancelled).
  }
}

/** One JSON Lines record: key, value and header values as UTF-8 text when they are, else base64. */
function toExportLine(record: FetchedRecord) {
  return {
    partition: record.partition,
    offset: record.offset.toString(),
    timestamp: record.timestampMs,
    timestampType: record.timestampType,
    key: encodePayload(record.key),
    value: encodePayload(record.value),
    headers: record.headers.map(([name, value]) => ({ name, value: encodePayload(value) })),
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function encodePayload(bytes: Buffer | null): { text: string } | { base64: string } | null {
  if (bytes === null) return null;
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { base64: bytes.toString('base64') };
  }
}
