// The time ranges of the lag charts and the stored resolution each one reads (server/lag-history): short
// ranges read raw samples, a day reads minutes, a week or a month reads hours. The pages and the server use
// this one table, so a range picked in the address is always one the server knows. maxPoints bounds what a
// chart receives: longer series are thinned the way roll-ups are made (largest lag, last offsets).

export const lagRanges = {
  '15m': { label: '15 min', durationMs: 15 * 60_000, resolution: 'raw', maxPoints: 400 },
  '1h': { label: '1 h', durationMs: 3_600_000, resolution: 'raw', maxPoints: 400 },
  '6h': { label: '6 h', durationMs: 6 * 3_600_000, resolution: 'minute', maxPoints: 400 },
  '24h': { label: '24 h', durationMs: 24 * 3_600_000, resolution: 'minute', maxPoints: 480 },
  '7d': { label: '7 d', durationMs: 7 * 86_400_000, resolution: 'hour', maxPoints: 400 },
  '30d': { label: '30 d', durationMs: 30 * 86_400_000, resolution: 'hour', maxPoints: 720 },
} as const;

export type LagRangeId = keyof typeof lagRanges;
export const lagRangeIds = Object.keys(lagRanges) as LagRangeId[];
export const defaultLagRange: LagRangeId = '1h';

/** The range named in an address, or the default for anything else. */
export function parseLagRange(value: string | null | undefined): LagRangeId {
  return value !== null && value !== undefined && value in lagRanges ? (value as LagRangeId) : defaultLagRange;
}
