// Prometheus text exposition format 0.0.4: `# HELP`, `# TYPE`, then `name{label="value"} number` lines.

export type MetricType = 'counter' | 'gauge' | 'summary';

export interface Sample {
  labels?: Record<string, string>;
  value: number;
  /** Appended to the family name, e.g. '_sum' of a summary. */
  suffix?: string;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export function formatMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {}).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
      const labelText = labels.length > 0 ? `{${labels.join(',')}}` : '';
      lines.push(`${family.name}${sample.suffix ?? ''}${labelText} ${formatValue(sample.value)}`);
    }
  }
  return lines.join('\n') + '\n';
}
