// Exports every record a search matches (not just a page) as JSON Lines, streamed: the scan pauses while the
// download is slower than the scan, so memory stays bounded whatever the size. Same bounds as a search (the
// records-scanned bound caps the export), audited before the first record is read.
import { recordChange } from '../audit/record-change.ts';
import type { z } from 'zod';
import type { VerbArgs } from '../service-context.ts';
import type { FetchedRecord } from '../../kafka/record-fetcher.ts';
import { runRecordScan } from './record-scan.ts';
import { prepareScan, StartScanInput } from './start-scan.ts';

export const ExportRecordsInput = StartScanInput;
export type ExportRecordsInput = z.infer<typeof ExportRecordsInput>;

/** Bytes the download may have waiting before the scan pauses. */
const highWaterMarkBytes = 1024 * 1024;

export async function exportRecords({
  ctx,
  input: rawInput,
}: VerbArgs<typeof ExportRecordsInput>): Promise<{ fileName: string; body: ReadableStream<Uint8Array> }> {
  const input = ExportRecordsInput.parse(rawInput);
  const { plan, fetcher } = await prepareScan(ctx, input);
  // Every match, up to the records-scanned bound, goes into the file.
  plan.bounds.maxMatches = plan.bounds.maxRecords;
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let wake: (() => void) | null = null;
  const abort = new AbortController();
  const body = new ReadableStream<Uint8Array>(
    {
      start: (streamController) => {
        controller = streamController;
      },
      pull: () => {
        wake?.();
      },
      cancel: () => {
        abort.abort();
        wake?.();
      },
    },
    { highWaterMark: highWaterMarkBytes, size: (chunk) => chunk.byteLength },
  );
  const started = new Promise<void>((resolveStarted, rejectStarted) => {
    recordChange(
      ctx,
      { action: 'records.export', clusterId: input.clusterId, resourceType: 'topic', resourceName: input.topic, parameters: input },
      async () => {
        resolveStarted();
        try {
          const outcome = await runRecordScan(
            plan,
            fetcher,
            {
              onMatch: (record) => controller.enqueue(encoder.encode(`${JSON.stringify(toExportLine(record))}\n`)),
              onProgress: () => {},
              waitForRoom: async () => {
                while ((controller.desiredSize ?? 1) <= 0 && !abort.signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
              },
            },
            abort.signal,
          );
          if (!abort.signal.aborted) controller.close();
          return { result: undefined, after: { stoppedBy: outcome.stoppedBy, error: outcome.error, cursor: outcome.cursor } };
        } catch (error) {
          controller.error(error);
          throw error;
        } finally {
          await fetcher.close();
        }
      },
    ).catch((error: unknown) => {
      rejectStarted(error);
    });
  });
  await started;
  return { fileName: `${input.topic}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`, body };
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
