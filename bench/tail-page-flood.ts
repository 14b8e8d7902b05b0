// One live-tail page while ProducerPerformance floods its topic (bench/tail-flood.ts, the section's flood),
// sampled every sampleIntervalMs: the skipped count the page shows (read through page.evaluate, which is
// timed: a page whose main thread is busy answers late), the console process's resident set, the page's JS
// heap (Chrome DevTools Protocol). Before and after: a full GC in the page and in the console (through its
// inspector), so what either still holds is told apart from garbage not yet collected; and how late a 10 ms
// timer inside the page ran.
import type { CDPSession, Page } from 'playwright-core';
import { residentSetBytes } from '../e2e/fixtures/process-memory.ts';
import type { NodeInspector } from './node-inspector.ts';
import { percentileOf } from './results-table.ts';
import { floodRecordBytes, floodTopic, type FloodShape } from './tail-flood.ts';
import { readTailStatus, takeHeartbeat } from './tail-page-probes.ts';

export const heartbeatIntervalMs = 10;
const sampleIntervalMs = 500;
/** Heaps are compared after a full GC this long after the page first showed skipped records, and at the end. */
const baselineAfterFirstSkipMs = 5_000;
/** Whatever the server sent before the flood ended is on the page by then. */
const settleMs = 2_000;

export function floodRowLabels(shape: FloodShape): [string, string, boolean][] {
  const flood = `live tail in Chromium, ${shape.floodRecordsPerSecond.toLocaleString('en-US')} records/s x ${floodRecordBytes} B for ${shape.floodSeconds} s, one page`;
  const sinceBaseline = `${baselineAfterFirstSkipMs / 1000} s after the first skip to the end`;
  return [
    [`${flood}: records/s produced`, 'records/s', true],
    [`${flood}: skipped count the page shows, half-way`, 'records', true],
    [`${flood}: skipped count the page shows, at the end`, 'records', true],
    [`${flood}: rows the page keeps at the end`, 'rows', false],
    [`${flood}: page DOM nodes at the end`, 'nodes', false],
    [`${flood}: page JS heap after a full GC, ${sinceBaseline}`, 'MB change', false],
    [`${flood}: page JS heap, largest sample`, 'MB', false],
    [`${flood}: lateness of a ${heartbeatIntervalMs} ms timer in the page`, 'p99 ms', false],
    [`${flood}: lateness of a ${heartbeatIntervalMs} ms timer in the page`, 'max ms', false],
    [`${flood}: page.evaluate answer time (every ${sampleIntervalMs} ms)`, 'max ms', false],
    [`${flood}: console heap + buffers retained (after a full GC), ${sinceBaseline}`, 'MB change', false],
    [`${flood}: console resident memory before the flood`, 'MB', false],
    [`${flood}: console resident memory, largest sample`, 'MB', false],
    [`${flood}: console resident memory at the end, after a full GC`, 'MB', false],
  ];
}

interface FloodSample {
  skipped: number;
  evaluateMs: number;
  residentBytes: number;
  heapUsedBytes: number;
}

/** Values for floodRowLabels' rows; closes the page. */
export async function pageUnderFlood(
  page: Page,
  flood: { bootstrap: string; topic: string; shape: FloodShape },
  consoleProcess: { pid: number; inspector: NodeInspector },
): Promise<number[]> {
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const residentBeforeBytes = await residentSetBytes(consoleProcess.pid);
    await page.evaluate(takeHeartbeat);
    let flooding = true;
    const produced = floodTopic(flood.bootstrap, flood.topic, flood.shape).finally(() => (flooding = false));
    const samples: FloodSample[] = [];
    let firstSkipAtMs: number | null = null;
    let baseline: { pageHeapBytes: number; consoleBytes: number } | null = null;
    while (flooding) {
      const sample = await sampleFlood(page, cdp, consoleProcess.pid);
      samples.push(sample);
      if (firstSkipAtMs === null && sample.skipped > 0) firstSkipAtMs = performance.now();
      if (baseline === null && firstSkipAtMs !== null && performance.now() - firstSkipAtMs >= baselineAfterFirstSkipMs)
        baseline = { pageHeapBytes: await pageHeapAfterGcBytes(cdp), consoleBytes: await consoleRetainedBytes(consoleProcess.inspector) };
      await new Promise((resolve) => setTimeout(resolve, sampleIntervalMs));
    }
    const { recordsPerSecond } = await produced;
    const lateness = (await page.evaluate(takeHeartbeat)).lateMs.sort((a, b) => a - b);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const end = await page.evaluate(readTailStatus);
    const pageHeapAtEndBytes = await pageHeapAfterGcBytes(cdp);
    const consoleAtEndBytes = await consoleRetainedBytes(consoleProcess.inspector);
    const domNodes = (await pageMetrics(cdp)).get('Nodes') ?? Number.NaN;
    return [
      recordsPerSecond,
      samples[Math.floor(samples.length / 2)]?.skipped ?? Number.NaN,
      skippedIn(end.status),
      rowsIn(end.status),
      domNodes,
      baseline ? (pageHeapAtEndBytes - baseline.pageHeapBytes) / 1e6 : Number.NaN,
      Math.max(...samples.map((sample) => sample.heapUsedBytes)) / 1e6,
      percentileOf(lateness, 0.99),
      lateness.at(-1) ?? Number.NaN,
      Math.max(...samples.map((sample) => sample.evaluateMs)),
      baseline ? (consoleAtEndBytes - baseline.consoleBytes) / 1e6 : Number.NaN,
      residentBeforeBytes / 1e6,
      Math.max(...samples.map((sample) => sample.residentBytes)) / 1e6,
      (await residentSetBytes(consoleProcess.pid)) / 1e6,
    ];
  } finally {
    await page.context().close();
  }
}

async function sampleFlood(page: Page, cdp: CDPSession, consolePid: number): Promise<FloodSample> {
  const startedAtMs = performance.now();
  const status = await page.evaluate(readTailStatus);
  const evaluateMs = performance.now() - startedAtMs;
  return {
    skipped: skippedIn(status.status),
    evaluateMs,
    residentBytes: await residentSetBytes(consolePid),
    heapUsedBytes: (await pageMetrics(cdp)).get('JSHeapUsedSize') ?? Number.NaN,
  };
}

async function pageMetrics(cdp: CDPSession): Promise<Map<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return new Map(metrics.map((metric) => [metric.name, metric.value]));
}

async function pageHeapAfterGcBytes(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await pageMetrics(cdp)).get('JSHeapUsedSize') ?? Number.NaN;
}

async function consoleRetainedBytes(inspector: NodeInspector): Promise<number> {
  const usage = await inspector.memoryUsage(true);
  return usage.heapUsed + usage.arrayBuffers;
}

const countIn = (text: string, pattern: RegExp) => Number((pattern.exec(text)?.[1] ?? '0').replaceAll(',', ''));
const skippedIn = (text: string) => countIn(text, /Skipped ([\d,]+) records/);
const rowsIn = (text: string) => countIn(text, /([\d,]+) records shown/);
