// The live tail measured in real Chromium pages, run by the messages section (bench/messages-bench.ts) on the
// same broker after its server-side figures. The console is started as the e2e journeys start it
// (e2e/fixtures/console-process.ts: scripts/start.ts, production build), with SAMSA_KAFKA_BOOTSTRAP naming the
// section's broker as its built-in cluster; Debian's Chromium (e2e/console/browser.ts) signs in as the admin.
// - latency: `/topics/<topic>/messages?live=1` open in 1, then 20 pages (one Chromium, a context each); records
//   produced one at a time carry their send time (Date.now()) in the value, and a MutationObserver in each page
//   notes when the row holding that value is added to the DOM (performance.timeOrigin + now(), the same clock).
//   Also Chromium's CPU time per record and page: 20 pages on this machine's 2 cores share them.
// - flood: one page on the live tail while ProducerPerformance writes the section's flood
//   (bench/tail-page-flood.ts).
import { Producer } from '@platformatic/kafka';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, newPage, signIn, waitForText } from '../e2e/console/browser.ts';
import { startConsoleProcess } from '../e2e/fixtures/console-process.ts';
import { findFreePort } from '../e2e/fixtures/free-port.ts';
import { createTopics } from '../e2e/fixtures/topic-admin.ts';
import { NodeInspector } from './node-inspector.ts';
import { descendantsCpuSeconds } from './process-cpu.ts';
import { percentileOf, type Measurement } from './results-table.ts';
import type { FloodShape } from './tail-flood.ts';
import { floodRowLabels, heartbeatIntervalMs, pageUnderFlood } from './tail-page-flood.ts';
import { rowsSeen, startHeartbeat, watchTailRows, type RowsSeenAtMs } from './tail-page-probes.ts';

export interface TailPageBenchOptions extends FloodShape {
  latencyRecords: number;
  latencyIntervalMs: number;
  viewerCounts: number[];
}

const adminPassword = 'bench-admin-password';
const topics = { tail: 'bench-messages-tail-page', flood: 'bench-messages-flood-page' };
const marker = 'tail-page-bench ';
/** A record not on a page this long after the last one was produced counts as never shown (infinite latency). */
const missingAfterMs = 10_000;
const warmUpTimeoutMs = 30_000;
/** Room for scripts/start.ts to run `next build` first, when the console's build is missing or stale. */
const consoleStartTimeoutMs = 600_000;
/** Pages opened at once: each loads the console's scripts and its first tRPC calls. */
const pagesOpenedAtOnce = 4;
const pageTimeoutMs = 60_000;

export function tailPageRows(options: TailPageBenchOptions): Measurement[] {
  const row = ([label, unit, higherIsBetter]: [string, string, boolean]): Measurement => ({
    label,
    unit,
    higherIsBetter,
    values: {},
    notes: [],
  });
  const latency = (viewers: number) =>
    `live tail in Chromium, ${viewers} viewer${viewers === 1 ? '' : 's'}, ${options.latencyRecords} records ${options.latencyIntervalMs} ms apart`;
  return [
    ...options.viewerCounts.flatMap((viewers): [string, string, boolean][] => [
      [`${latency(viewers)}: produce->row in the page's DOM`, 'p50 ms', false],
      [`${latency(viewers)}: produce->row in the page's DOM`, 'p99 ms', false],
      [`${latency(viewers)}: Chromium CPU time per record and page`, 'ms', false],
    ]),
    ...floodRowLabels(options),
  ].map(row);
}

/** Values for each row of tailPageRows, and notes for its first row. */
export async function runTailPageBench(bootstrap: string, options: TailPageBenchOptions): Promise<{ values: number[]; notes: string[] }> {
  await createTopics(
    bootstrap,
    Object.values(topics).map((name) => ({ name, partitions: 1 })),
  );
  // The lag sampler is off: its rounds would be load the flood figures do not ask about. The inspector lets
  // the bench ask the console for a full GC before reading what memory it retains.
  const inspectorPort = await findFreePort();
  const running = await startConsoleProcess({
    adminPassword,
    env: {
      SAMSA_KAFKA_BOOTSTRAP: bootstrap,
      SAMSA_LAG_SAMPLE_INTERVAL_MS: '0',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:${inspectorPort}`.trim(),
    },
    startTimeoutMs: consoleStartTimeoutMs,
  });
  let browser: Browser | null = null;
  let inspector: NodeInspector | null = null;
  try {
    inspector = await NodeInspector.connect(inspectorPort);
    browser = await launchBrowser();
    const values: number[] = [];
    const notes: string[] = [];
    const pages: Page[] = [];
    // A part that fails (e.g. pages that do not load on a machine under heavy load) is noted; the others run.
    const failed = (part: string, count: number, error: unknown) => {
      notes.push(`${part} failed: ${(error as Error).message.split('\n')[0].slice(0, 200)}`);
      values.push(...Array.from({ length: count }, () => Number.NaN));
    };
    for (const viewers of options.viewerCounts) {
      try {
        await openTailPages(browser, running.consoleUrl, pages, viewers);
        console.error(`[bench] ${viewers} live tail page(s) open`);
        const latency = await latencyOnPages(bootstrap, pages, options, `v${viewers}`);
        values.push(latency.p50Ms, latency.p99Ms, latency.cpuMsPerRecordAndPage);
        if (latency.missing > 0) notes.push(`${latency.missing} of ${latency.expected} rows never appeared with ${viewers} viewers`);
      } catch (error) {
        failed(`${viewers} viewers`, 3, error);
      }
    }
    await Promise.all(pages.map((page) => page.context().close()));
    console.error('[bench] one live tail page under the flood');
    try {
      const floodPage = await openTailPage(browser, running.consoleUrl, topics.flood, null, (page) =>
        page.addInitScript(startHeartbeat, heartbeatIntervalMs),
      );
      values.push(
        ...(await pageUnderFlood(floodPage, { bootstrap, topic: topics.flood, shape: options }, { pid: running.pid, inspector })),
      );
    } catch (error) {
      failed('the flood', floodRowLabels(options).length, error);
    }
    return { values, notes };
  } finally {
    inspector?.close();
    await browser?.close();
    await running.stop();
  }
}

/**
 * Opens tail pages until there are `count`: the first signs in through the form, the others start with its
 * session cookie, each in its own context (as 20 people's browsers would be).
 */
async function openTailPages(browser: Browser, consoleUrl: string, pages: Page[], count: number): Promise<void> {
  const watchRows = (page: Page) => page.addInitScript(watchTailRows, marker);
  if (pages.length === 0) pages.push(await openTailPage(browser, consoleUrl, topics.tail, null, watchRows));
  const session = await pages[0].context().storageState();
  while (pages.length < count) {
    const batch = Math.min(pagesOpenedAtOnce, count - pages.length);
    pages.push(
      ...(await Promise.all(Array.from({ length: batch }, () => openTailPage(browser, consoleUrl, topics.tail, session, watchRows)))),
    );
  }
}

/** A new context with a probe's init script, signed in (through the form unless given a session), live on the tail. */
async function openTailPage(
  browser: Browser,
  consoleUrl: string,
  topic: string,
  session: BrowserContextOptions['storageState'] | null,
  installProbe: (page: Page) => Promise<unknown>,
): Promise<Page> {
  const page = await newPage(browser, session ? { storageState: session } : {});
  // The journeys' 15 s is short for 20 pages loading at once on a loaded 2-core machine.
  page.setDefaultTimeout(pageTimeoutMs);
  await installProbe(page);
  if (!session) await signIn(page, consoleUrl, 'admin', adminPassword);
  await page.goto(`${consoleUrl}/topics/${topic}/messages?live=1`);
  await waitForText(page.getByTestId('tail-status'), /Live/, pageTimeoutMs);
  return page;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PageLatency {
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRecordAndPage: number;
  missing: number;
  expected: number;
}

/**
 * Records produced one at a time, latencyIntervalMs apart, each value `<marker><run> <index> <Date.now()>`;
 * every page's observer notes when its row appears. First, warm-up records until every page shows one: the
 * "Live" badge can show before the server has joined the page to the topic's fetch loop.
 */
async function latencyOnPages(bootstrap: string, pages: Page[], options: TailPageBenchOptions, run: string): Promise<PageLatency> {
  const producer = new Producer({ clientId: 'bench-tail-page', bootstrapBrokers: [bootstrap], acks: 1 });
  const send = (value: string) => producer.send({ messages: [{ topic: topics.tail, partition: 0, value: Buffer.from(value) }] });
  const seenOnEveryPage = async (values: string[]) => {
    const seen = await Promise.all(pages.map((page) => page.evaluate(rowsSeen)));
    return { seen, complete: seen.every((rows) => values.every((value) => value in rows)) };
  };
  try {
    const warmUpDeadline = Date.now() + warmUpTimeoutMs;
    for (let index = 0; ; index++) {
      const value = `${marker}${run} warm-up ${index}`;
      await send(value);
      await sleep(250);
      if ((await seenOnEveryPage([value])).complete) break;
      if (Date.now() > warmUpDeadline) throw new Error(`the pages did not show a record within ${warmUpTimeoutMs} ms`);
    }
    const cpuBeforeSeconds = await descendantsCpuSeconds(process.pid, 'chromium');
    const sent: { value: string; producedAtMs: number }[] = [];
    for (let index = 0; index < options.latencyRecords; index++) {
      const producedAtMs = Date.now();
      const value = `${marker}${run} ${index} ${producedAtMs}`;
      await send(value);
      sent.push({ value, producedAtMs });
      await sleep(options.latencyIntervalMs);
    }
    const values = sent.map((record) => record.value);
    const deadline = Date.now() + missingAfterMs;
    let seen: RowsSeenAtMs[] = [];
    for (;;) {
      const check = await seenOnEveryPage(values);
      seen = check.seen;
      if (check.complete || Date.now() > deadline) break;
      await sleep(200);
    }
    const cpuSeconds = (await descendantsCpuSeconds(process.pid, 'chromium')) - cpuBeforeSeconds;
    const latenciesMs = seen.flatMap((rows) =>
      sent.map((record) => (record.value in rows ? rows[record.value] - record.producedAtMs : Number.POSITIVE_INFINITY)),
    );
    const sorted = latenciesMs.sort((a, b) => a - b);
    return {
      p50Ms: percentileOf(sorted, 0.5),
      p99Ms: percentileOf(sorted, 0.99),
      cpuMsPerRecordAndPage: (cpuSeconds * 1000) / (options.latencyRecords * pages.length),
      missing: sorted.filter((latency) => latency === Number.POSITIVE_INFINITY).length,
      expected: sorted.length,
    };
  } finally {
    await producer.close();
  }
}
