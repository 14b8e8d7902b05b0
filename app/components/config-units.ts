// Durations and sizes as people say them ("7 d", "1 GiB") and as Kafka stores them (ms, bytes), exactly:
// BigInt throughout, since Kafka's "unlimited" is 2^63-1, beyond a JavaScript number's precision.
export interface Unit {
  label: string;
  factor: bigint;
}

export const durationUnits: Unit[] = [
  { label: 'ms', factor: 1n },
  { label: 's', factor: 1_000n },
  { label: 'min', factor: 60_000n },
  { label: 'h', factor: 3_600_000n },
  { label: 'd', factor: 86_400_000n },
];

export const sizeUnits: Unit[] = [
  { label: 'B', factor: 1n },
  { label: 'KiB', factor: 1024n },
  { label: 'MiB', factor: 1024n ** 2n },
  { label: 'GiB', factor: 1024n ** 3n },
  { label: 'TiB', factor: 1024n ** 4n },
];

const LONG_MAX = 9223372036854775807n;
const INT_MAX = 2147483647n;

/** The largest unit that divides the value exactly: 604800000 ms -> { amount: "7", unit: "d" }. */
export function splitIntoUnit(raw: string, units: Unit[]): { amount: string; unit: string } {
  if (!/^-?\d+$/.test(raw.trim())) return { amount: raw, unit: units[0].label };
  const value = BigInt(raw.trim());
  for (const unit of [...units].reverse()) {
    if (value !== 0n && value % unit.factor === 0n) return { amount: String(value / unit.factor), unit: unit.label };
  }
  return { amount: String(value), unit: units[0].label };
}

/** amount x unit back to the raw value; decimals allowed ("1.5 h"), rounded to the base unit. null if not a number. */
export function joinUnit(amount: string, unitLabel: string, units: Unit[]): string | null {
  const unit = units.find((candidate) => candidate.label === unitLabel) ?? units[0];
  const trimmed = amount.trim();
  if (/^-?\d+$/.test(trimmed)) return String(BigInt(trimmed) * unit.factor);
  if (/^-?\d*\.\d+$/.test(trimmed)) return String(Math.round(Number(trimmed) * Number(unit.factor)));
  return null;
}

/** A raw value in words: "7 d", "1 GiB", "unlimited" for Kafka's maximum. */
export function describeWithUnit(raw: string | null, units: Unit[]): string {
  if (raw === null) return '—';
  if (!/^-?\d+$/.test(raw)) return raw;
  const value = BigInt(raw);
  if (value === LONG_MAX || value === INT_MAX) return 'unlimited';
  const { amount, unit } = splitIntoUnit(raw, units);
  return `${amount} ${unit}`;
}

/** "3 h 20 min" for an age in ms: the two largest parts, for the retention panel. */
export function describeAge(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.floor(ms));
  for (const unit of [...durationUnits].reverse()) {
    const factor = Number(unit.factor);
    if (rest >= factor && parts.length < 2) {
      parts.push(`${Math.floor(rest / factor)} ${unit.label}`);
      rest %= factor;
    }
  }
  return parts.length > 0 ? parts.join(' ') : '0 ms';
}
