// A live-tail viewer's queue, without a cluster: bounded in bytes as well as records, so large values cannot
// grow the console's memory past the bound however slowly the page reads, and queued records are previews.
import { describe, expect, it } from 'vitest';
import type { FetchedRecord } from '../../kafka/record-fetcher.ts';
import { previewLimitBytes } from './record-view.ts';
import { TailViewer } from './tail-hub.ts';

const mib = 1024 * 1024;

function recordAt(offset: number, valueBytes: number): FetchedRecord {
  return {
    partition: 0,
    offset: BigInt(offset),
    timestampMs: 1_700_000_000_000 + offset,
    timestampType: 'CreateTime',
    key: Buffer.from(`k${offset}`),
    value: Buffer.alloc(valueBytes, 0x61),
    headers: [['trace', Buffer.from('t')]],
    sizeBytes: valueBytes + 10,
  };
}

describe('tail viewer queue', () => {
  it('skips records past its byte bound, holding previews only, and resumes after what it handed out', async () => {
    const viewer = new TailViewer({ predicate: null, partitions: null, queueLimit: 1_000, queueBytesLimit: 2 * mib });
    viewer.next.set(0, 0n);
    for (let offset = 0; offset < 100; offset++) viewer.offer(recordAt(offset, mib));
    // 100 MiB offered; at most the bound (and one record) held.
    expect(viewer.queuedBytes).toBeLessThanOrEqual(2 * mib);
    const batch = await viewer.take(1_000, 0);
    expect(batch.records.length).toBeGreaterThan(10);
    expect(batch.records.length).toBeLessThan(100);
    expect(batch.skipped).toBe(100 - batch.records.length);
    expect(batch.skippedRanges).toEqual([{ partition: 0, fromOffset: String(batch.records.length), toOffset: '99' }]);
    expect(batch.records.map((record) => record.offset)).toEqual(Array.from({ length: batch.records.length }, (_, index) => String(index)));
    for (const record of batch.records) {
      expect(record.value).toMatchObject({ sizeBytes: mib, truncated: true });
      expect(Buffer.from(record.value!.base64, 'base64').length).toBe(previewLimitBytes);
    }
    expect(batch.resumeAt.get(0)).toBe(100n);
    expect(viewer.queuedBytes).toBe(0);
  });

  it('always takes one record into an empty queue, however large, so a viewer that keeps up misses none', async () => {
    const viewer = new TailViewer({ predicate: null, partitions: null, queueLimit: 1_000, queueBytesLimit: 1_000 });
    viewer.next.set(0, 0n);
    for (let offset = 0; offset < 3; offset++) {
      viewer.offer(recordAt(offset, 10_000));
      const batch = await viewer.take(10, 0);
      expect(batch).toMatchObject({ skipped: 0, records: [{ offset: String(offset) }] });
    }
  });
});
