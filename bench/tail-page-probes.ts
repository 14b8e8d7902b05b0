// What the live-tail page benchmark runs inside Chromium pages. Each function is serialised by Playwright
// (page.addInitScript / page.evaluate), so it refers to nothing outside its own body and its arguments.

/** Per row value text (from a marker on), when it first appeared in the DOM: performance.timeOrigin + now(). */
export type RowsSeenAtMs = Record<string, number>;

export interface HeartbeatSample {
  beats: number;
  /** How late each beat of the timer ran, in ms, since the last take (at most 100,000 kept). */
  lateMs: number[];
}

export interface TailStatusText {
  status: string;
  skipped: string;
}

interface ProbeWindow {
  __tailRowsSeenAtMs?: RowsSeenAtMs;
  __heartbeat?: HeartbeatSample;
}

/**
 * Init script: a MutationObserver noting when a live-tail value cell whose text starts with `marker` is first
 * added to the document. The time is taken when the observer runs (a microtask after React's commit, before
 * the next paint), on the same wall clock the producer's Date.now() used.
 */
export function watchTailRows(marker: string): void {
  const seenAtMs: RowsSeenAtMs = {};
  (window as unknown as ProbeWindow).__tailRowsSeenAtMs = seenAtMs;
  const selector = '[data-testid="tail-value"]';
  const note = (node: Node, atMs: number) => {
    if (!(node instanceof Element)) return;
    const cells = node.matches(selector) ? [node] : Array.from(node.querySelectorAll(selector));
    for (const cell of cells) {
      const text = cell.textContent ?? '';
      if (text.startsWith(marker) && !(text in seenAtMs)) seenAtMs[text] = atMs;
    }
  };
  new MutationObserver((mutations) => {
    const atMs = performance.timeOrigin + performance.now();
    for (const mutation of mutations) for (const node of mutation.addedNodes) note(node, atMs);
  }).observe(document, { childList: true, subtree: true });
}

export function rowsSeen(): RowsSeenAtMs {
  return (window as unknown as ProbeWindow).__tailRowsSeenAtMs ?? {};
}

/**
 * Init script: a timer that asks to run every intervalMs and notes how late it ran. A main thread busy with
 * server-sent events, React renders or layout shows as late beats: what a person clicking the page would wait.
 */
export function startHeartbeat(intervalMs: number): void {
  const probe = window as unknown as ProbeWindow;
  probe.__heartbeat = { beats: 0, lateMs: [] };
  let dueAtMs = performance.now() + intervalMs;
  const beat = () => {
    const nowMs = performance.now();
    // Read each time: takeHeartbeat() swaps in a new sample.
    const sample = probe.__heartbeat!;
    sample.beats++;
    if (sample.lateMs.length < 100_000) sample.lateMs.push(Math.max(0, nowMs - dueAtMs));
    dueAtMs = nowMs + intervalMs;
    setTimeout(beat, intervalMs);
  };
  setTimeout(beat, intervalMs);
}

/** The beats since the last take; starts a new sample. */
export function takeHeartbeat(): HeartbeatSample {
  const probe = window as unknown as ProbeWindow;
  const sample = probe.__heartbeat ?? { beats: 0, lateMs: [] };
  probe.__heartbeat = { beats: 0, lateMs: [] };
  return sample;
}

export function readTailStatus(): TailStatusText {
  return {
    status: document.querySelector('[data-testid="tail-status"]')?.textContent ?? '',
    skipped: document.querySelector('[data-testid="tail-skipped"]')?.textContent ?? '',
  };
}
