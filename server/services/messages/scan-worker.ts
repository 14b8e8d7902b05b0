// A scan worker's entry (a worker_threads thread started by scan-worker-pool.ts): runs whole scans, the fetch,
// the decoding and decompression of record batches and the filter, with its own RecordFetcher per scan, so a
// CEL or regex filter over millions of records never holds the console's event loop. Loaded as TypeScript by
// Node itself (type stripping), under the test runner and in the production console alike; it imports only
// what a scan needs. Several scans may share one worker: runRecordScan yields every few milliseconds, which
// interleaves them and lets cancel and room messages in.
import { parentPort } from 'node:worker_threads';
import { RecordFetcher } from '../../kafka/record-fetcher.ts';
import { compileRecordFilter } from './record-filter.ts';
import { runRecordScan, type ScanOutcome, type ScanProgress } from './record-scan.ts';
import { toWireRecord, type FromScanWorker, type ScanRequest, type ToScanWorker, type WireRecord } from './scan-worker-messages.ts';

interface RunningScan {
  abort: AbortController;
  /** Set while the scan waits for room (an export's download is behind). */
  grantRoom: (() => void) | null;
}

const port = parentPort;
if (!port) throw new Error('scan-worker.ts runs as a worker thread (see scan-worker-pool.ts).');
const running = new Map<number, RunningScan>();
const post = (message: FromScanWorker) => port.postMessage(message);

port.on('message', (message: ToScanWorker) => {
  if (message.type === 'start') void runScan(message.scanId, message.request, message.backPressure);
  else if (message.type === 'cancel') running.get(message.scanId)?.abort.abort();
  else if (message.type === 'room') {
    const scan = running.get(message.scanId);
    const grant = scan?.grantRoom;
    if (scan) scan.grantRoom = null;
    grant?.();
  }
});

async function runScan(scanId: number, request: ScanRequest, backPressure: boolean): Promise<void> {
  const scan: RunningScan = { abort: new AbortController(), grantRoom: null };
  running.set(scanId, scan);
  let pending: WireRecord[] = [];
  const flush = (progress: ScanProgress | null) => {
    if (progress === null && pending.length === 0) return;
    post({ type: 'progress', scanId, matches: pending, progress });
    pending = [];
  };
  const waitForRoom = () => {
    flush(null);
    if (scan.abort.signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      scan.grantRoom = resolve;
      scan.abort.signal.addEventListener('abort', () => resolve(), { once: true });
      post({ type: 'needRoom', scanId });
    });
  };
  let outcome: ScanOutcome;
  const fetcher = new RecordFetcher(request.clusterId, request.connection);
  try {
    const { clusterId: _clusterId, connection: _connection, ...plan } = request;
    outcome = await runRecordScan(
      { ...plan, predicate: compileRecordFilter(plan.filter) },
      fetcher,
      { onMatch: (record) => pending.push(toWireRecord(record)), onProgress: flush, waitForRoom: backPressure ? waitForRoom : undefined },
      scan.abort.signal,
    );
  } catch (error) {
    outcome = { stoppedBy: 'failed', cursor: {}, error: error instanceof Error ? error.message : String(error) };
  } finally {
    running.delete(scanId);
    await fetcher.close().catch(() => {});
  }
  flush(null);
  post({ type: 'done', scanId, outcome });
}
