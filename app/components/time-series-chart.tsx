'use client';
// A line chart over time (recharts) for the lag history: values with their unit on hover, and gaps drawn as
// gaps. A gap point (all values null, `gap` = why) breaks the lines and is marked by a dashed vertical line;
// hovering it shows the reason. Colours come from the theme's CSS variables, so light and dark both read.
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

export interface ChartPoint {
  atMs: number;
  gap: string | null;
  [key: string]: number | string | null;
}

/** Distinct enough in light and dark themes; partitions beyond it cycle. */
export const SERIES_COLORS = [
  '#3b82f6',
  '#f97316',
  '#10b981',
  '#a855f7',
  '#ef4444',
  '#14b8a6',
  '#eab308',
  '#ec4899',
  '#64748b',
  '#84cc16',
  '#06b6d4',
  '#f43f5e',
];

export function TimeSeriesChart({
  points,
  series,
  formatValue,
  formatAxis = formatValue,
  fromMs,
  toMs,
  height = 220,
  testId,
}: {
  points: ChartPoint[];
  series: ChartSeries[];
  /** Hover values, with their unit. */
  formatValue: (value: number) => string;
  /** Axis ticks (short; the unit is in the chart's title); default formatValue. */
  formatAxis?: (value: number) => string;
  fromMs: number;
  toMs: number;
  height?: number;
  testId?: string;
}) {
  const spanMs = toMs - fromMs;
  const formatTick = (atMs: number) => {
    const date = new Date(atMs);
    if (spanMs <= 86_400_000) return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return date.toLocaleDateString([], { month: 'short', day: 'numeric' });
  };
  const gaps = points.filter((point) => point.gap !== null);
  return (
    <div className="chart" data-testid={testId} data-points={points.length - gaps.length} data-gaps={gaps.length}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="atMs"
            type="number"
            scale="time"
            domain={[fromMs, toMs]}
            tickFormatter={formatTick}
            stroke="var(--muted)"
            tick={{ fill: 'var(--muted)', fontSize: 12 }}
          />
          <YAxis
            tickFormatter={(value: number) => formatAxis(value)}
            stroke="var(--muted)"
            tick={{ fill: 'var(--muted)', fontSize: 12 }}
            width={72}
            allowDecimals={false}
          />
          <Tooltip content={<ChartTooltip series={series} formatValue={formatValue} />} />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {gaps.map((gap) => (
            <ReferenceLine key={`gap-${gap.atMs}`} x={gap.atMs} stroke="var(--warn)" strokeDasharray="4 3" ifOverflow="extendDomain" />
          ))}
          {series.map((line) => (
            <Line
              key={line.key}
              dataKey={line.key}
              name={line.label}
              stroke={line.color}
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
              connectNulls={false}
              type="linear"
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

interface TooltipArgs {
  active?: boolean;
  payload?: { payload?: ChartPoint }[];
  series: ChartSeries[];
  formatValue: (value: number) => string;
}

function ChartTooltip({ active, payload, series, formatValue }: TooltipArgs) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip" role="status">
      <div className="mono">{new Date(point.atMs).toLocaleString()}</div>
      {point.gap !== null ? (
        <div className="chart-gap">Gap: {point.gap}</div>
      ) : (
        series.map((line) => {
          const value = point[line.key];
          return (
            <div key={line.key}>
              <span style={{ color: line.color }}>■</span> {line.label}:{' '}
              <strong>{typeof value === 'number' ? formatValue(value) : 'not measurable'}</strong>
            </div>
          );
        })
      )}
    </div>
  );
}
