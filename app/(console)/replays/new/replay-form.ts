// The new-replay form as it lives in the address (a link from a topic or group page prefills it; a reload
// keeps it), and the replays.plan input it becomes, or why it cannot yet. Pure: no React, no fetching.
import type { inferRouterInputs } from '@trpc/server';
import { replayPartitionings, type ReplayPartitioning } from '@/domain/replay.ts';
import type { AppRouter } from '../../../../server/api/root.ts';
import { emptyRecordFilterDraft, type RecordFilterDraft, toRecordFilter } from '../../../components/record-filter-draft.ts';

export type PlanInput = inferRouterInputs<AppRouter>['replays']['plan'];
export type RangeKind = 'offsets' | 'time';
export type RateUnit = 'records' | 'MiB';

export interface OffsetRangeDraft {
  start: string;
  end: string;
}

export interface ReplayForm {
  topic: string;
  target: string;
  range: RangeKind;
  /** The chosen source partitions; null: all of them. */
  partitions: number[] | null;
  /** Offsets typed per partition (empty: from the log start / to the end). */
  offsets: Record<number, OffsetRangeDraft>;
  /** Time range ends, ISO-8601 (UTC when no zone is given) or epoch ms. */
  from: string;
  to: string;
  filter: RecordFilterDraft;
  keepTimestamps: boolean;
  partitioning: ReplayPartitioning;
  rate: string;
  rateUnit: RateUnit;
}

const BYTES_PER_MIB = 1024 * 1024;
const MAX_PARTITIONS = 10_000;

export function parseReplayForm(params: URLSearchParams): ReplayForm {
  const partitioning = params.get('partitioning') ?? '';
  const filter = { ...emptyRecordFilterDraft };
  for (const name of ['keyContains', 'valueContains', 'valueMatches', 'headerName', 'headerValue'] as const)
    filter[name] = params.get(name) ?? '';
  filter.expression = params.get('filter') ?? '';
  return {
    topic: params.get('topic') ?? '',
    target: params.get('target') ?? '',
    range: params.get('range') === 'time' ? 'time' : 'offsets',
    partitions: parsePartitions(params.get('partitions')),
    offsets: parseOffsets(params.get('offsets')),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    filter,
    keepTimestamps: params.get('keepTimestamps') === '1',
    partitioning: (replayPartitionings as readonly string[]).includes(partitioning) ? (partitioning as ReplayPartitioning) : 'key',
    rate: params.get('rate') ?? '',
    rateUnit: params.get('rateUnit') === 'MiB' ? 'MiB' : 'records',
  };
}

export function replayFormToParams(form: ReplayForm): URLSearchParams {
  const params = new URLSearchParams();
  const set = (name: string, value: string) => {
    if (value !== '') params.set(name, value);
  };
  set('topic', form.topic);
  set('target', form.target);
  if (form.range === 'time') {
    params.set('range', 'time');
    set('from', form.from);
    set('to', form.to);
  }
  if (form.partitions !== null) params.set('partitions', form.partitions.join(','));
  if (form.range === 'offsets') set('offsets', formatOffsets(form.offsets));
  for (const name of ['keyContains', 'valueContains', 'valueMatches', 'headerName'] as const) set(name, form.filter[name]);
  if (form.filter.headerName) set('headerValue', form.filter.headerValue);
  set('filter', form.filter.expression);
  if (form.keepTimestamps) params.set('keepTimestamps', '1');
  if (form.partitioning !== 'key') params.set('partitioning', form.partitioning);
  if (form.rate !== '') {
    params.set('rate', form.rate);
    if (form.rateUnit !== 'records') params.set('rateUnit', form.rateUnit);
  }
  return params;
}

/** "0,2,5"; an empty value chooses none (kept, so the form says to choose one). */
function parsePartitions(text: string | null): number[] | null {
  if (text === null) return null;
  const numbers = text
    .split(',')
    .filter((part) => /^\d{1,6}$/.test(part.trim()))
    .map(Number);
  return [...new Set(numbers)].sort((a, b) => a - b).slice(0, MAX_PARTITIONS);
}

/** "0:10-20,1:5-,2:-30": partition, then start and end offsets (either may be empty). */
function parseOffsets(text: string | null): Record<number, OffsetRangeDraft> {
  const offsets: Record<number, OffsetRangeDraft> = {};
  for (const part of (text ?? '').split(',').slice(0, MAX_PARTITIONS)) {
    const match = /^(\d{1,6}):(\d{0,19})-(\d{0,19})$/.exec(part.trim());
    if (match && (match[2] !== '' || match[3] !== '')) offsets[Number(match[1])] = { start: match[2], end: match[3] };
  }
  return offsets;
}

function formatOffsets(offsets: Record<number, OffsetRangeDraft>): string {
  return Object.entries(offsets)
    .filter(([, range]) => range.start.trim() !== '' || range.end.trim() !== '')
    .map(([partition, range]) => `${partition}:${range.start.trim()}-${range.end.trim()}`)
    .join(',');
}

/** A time as typed: epoch ms, or ISO-8601 read as UTC when it names no zone. NaN when it is neither. */
export function parseTime(text: string): number {
  const trimmed = text.trim();
  if (/^\d{1,16}$/.test(trimmed)) return Number(trimmed);
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(trimmed) ? trimmed : `${trimmed}Z`;
  return Date.parse(zoned);
}

/** The plan input, or the words saying what is missing or wrong. `partitionCount` is the source's, when known. */
export function toPlanInput(form: ReplayForm, clusterId: string, partitionCount: number | null): PlanInput | string {
  if (form.topic.trim() === '') return 'Choose the source topic.';
  if (form.target.trim() === '') return 'Choose the target topic.';
  const partitions = partitionsOf(form, partitionCount);
  if (typeof partitions === 'string') return partitions;
  let fromTimestampMs: number | undefined;
  let toTimestampMs: number | undefined;
  if (form.range === 'time') {
    if (form.from.trim() === '' && form.to.trim() === '') return 'Enter when the time range starts, ends, or both.';
    if (form.from.trim() !== '') fromTimestampMs = parseTime(form.from);
    if (form.to.trim() !== '') toTimestampMs = parseTime(form.to);
    if (Number.isNaN(fromTimestampMs) || Number.isNaN(toTimestampMs))
      return 'Times: ISO-8601 (UTC unless a zone is given, e.g. 2026-01-31T09:30:00) or epoch milliseconds.';
    if (fromTimestampMs !== undefined && toTimestampMs !== undefined && fromTimestampMs > toTimestampMs)
      return 'The time range ends before it starts.';
  }
  const rateLimit = rateLimitOf(form);
  if (typeof rateLimit === 'string') return rateLimit;
  return {
    clusterId,
    sourceTopic: form.topic.trim(),
    targetTopic: form.target.trim(),
    partitions,
    fromTimestampMs,
    toTimestampMs,
    settings: {
      filter: hasFilter(form.filter) ? toRecordFilter(form.filter) : undefined,
      partitioning: form.partitioning,
      keepTimestamps: form.keepTimestamps,
      rateLimit,
    },
  };
}

function hasFilter(filter: RecordFilterDraft): boolean {
  return Object.values(filter).some((value) => value !== '');
}

function partitionsOf(form: ReplayForm, partitionCount: number | null): PlanInput['partitions'] | string {
  const typed = Object.fromEntries(
    Object.entries(form.range === 'offsets' ? form.offsets : {}).filter(
      ([, range]) => range.start.trim() !== '' || range.end.trim() !== '',
    ),
  );
  if (form.partitions === null && Object.keys(typed).length === 0) return undefined;
  if (form.partitions !== null && form.partitions.length === 0) return 'Choose at least one partition.';
  if (form.partitions === null && partitionCount === null) return 'Waiting for the source topic’s partitions…';
  const chosen = form.partitions ?? Array.from({ length: partitionCount ?? 0 }, (_, index) => index);
  const result: NonNullable<PlanInput['partitions']> = [];
  for (const partition of chosen) {
    const range = typed[String(partition)];
    const startOffset = range?.start.trim() ? Number(range.start) : undefined;
    const endOffset = range?.end.trim() ? Number(range.end) : undefined;
    for (const offset of [startOffset, endOffset])
      if (offset !== undefined && !(Number.isSafeInteger(offset) && offset >= 0))
        return `Partition ${partition}: offsets are whole numbers ≥ 0.`;
    if (startOffset !== undefined && endOffset !== undefined && endOffset < startOffset)
      return `Partition ${partition}: the range ends (${endOffset}) before it starts (${startOffset}).`;
    result.push({ partition, startOffset, endOffset });
  }
  return result;
}

function rateLimitOf(form: ReplayForm): PlanInput['settings']['rateLimit'] | string {
  if (form.rate.trim() === '') return {};
  const value = Number(form.rate);
  if (!(value > 0) || !Number.isFinite(value)) return 'The rate limit is a number above 0 (or empty: as fast as the clusters go).';
  if (form.rateUnit === 'records') {
    if (!Number.isInteger(value)) return 'The rate limit in records/s is a whole number.';
    return { recordsPerSecond: value };
  }
  const bytesPerSecond = Math.round(value * BYTES_PER_MIB);
  if (bytesPerSecond < 1024) return 'The rate limit is at least 1 KiB/s (0.001 MiB/s).';
  return { bytesPerSecond };
}
