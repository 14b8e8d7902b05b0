// Formats benchmark results side by side: Kafka, the built-in broker, and the ratio built-in / Kafka.

export interface Measurement {
  label: string;
  unit: string;
  /** Higher is better for throughput, lower for latency: only used to word the ratio column. */
  higherIsBetter: boolean;
  values: Partial<Record<'real-kafka' | 'built-in', number | string>>;
  notes: string[];
}

function formatValue(value: number | string | undefined): string {
  if (value === undefined) return 'not run';
  if (typeof value === 'string') return value;
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

function ratio(measurement: Measurement): string {
  const kafka = measurement.values['real-kafka'];
  const builtIn = measurement.values['built-in'];
  if (typeof kafka !== 'number' || typeof builtIn !== 'number' || kafka === 0) return '-';
  return `${(builtIn / kafka).toFixed(2)}x`;
}

export function formatResultsTable(measurements: Measurement[]): string {
  const header = ['measurement', 'unit', 'Apache Kafka 4.3.1', 'Samsa built-in', 'built-in/Kafka'];
  const rows = measurements.map((measurement) => [
    measurement.label,
    measurement.unit,
    formatValue(measurement.values['real-kafka']),
    formatValue(measurement.values['built-in']),
    ratio(measurement),
  ]);
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  const notes = measurements.flatMap((measurement) => measurement.notes.map((note) => `- ${measurement.label}: ${note}`));
  return [...lines, '', ...notes].join('\n');
}

/** One console call timed at a small baseline size and at the large size, in the same run. */
export interface ScaleMeasurement {
  label: string;
  baselineMs: number;
  largeMs: number;
}

/** Markdown table of console call timings: baseline, large, and the ratio large / baseline. */
export function formatScaleTable(rows: ScaleMeasurement[], baselineColumn: string, largeColumn: string): string {
  const header = ['measurement', 'unit', baselineColumn, largeColumn, 'ratio'];
  const lines = rows.map((row) => [
    row.label,
    'ms (median)',
    row.baselineMs.toFixed(1),
    row.largeMs.toFixed(1),
    `${(row.largeMs / row.baselineMs).toFixed(2)}x`,
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The value at `fraction` (0.99: p99) of values sorted ascending, nearest rank below. */
export function percentileOf(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}
