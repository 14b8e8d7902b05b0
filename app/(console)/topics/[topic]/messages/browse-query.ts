// The browse state as it lives in the URL (a shared link reproduces the same search), and the search input
// it becomes. Pure: no React, no fetching.
import { toRecordFilter } from '../../../../components/record-filter-draft.ts';

export type StartFrom = 'latest' | 'earliest' | 'offset' | 'timestamp';
export type Isolation = 'READ_COMMITTED' | 'READ_UNCOMMITTED';

export interface BrowseQuery {
  partition: number | null;
  from: StartFrom;
  offset: string;
  timestamp: string;
  filter: string;
  keyContains: string;
  valueContains: string;
  valueMatches: string;
  headerName: string;
  headerValue: string;
  findKey: string;
  /** Quick time-range filter, as typed (ISO-8601 or epoch ms): records at or after / at or before it. */
  timeFrom: string;
  timeTo: string;
  limit: number;
  isolation: Isolation;
  /** Per partition, where the page starts (from the previous page's end). */
  cursor: Record<string, string> | null;
  /** The live tail (filters apply) instead of a search. */
  live: boolean;
}

export const defaultLimit = 50;

export function parseBrowseQuery(params: URLSearchParams): BrowseQuery {
  const partitionText = params.get('partition');
  const partition = partitionText !== null && /^\d+$/.test(partitionText) ? Number(partitionText) : null;
  const limit = Number(params.get('limit') ?? defaultLimit);
  let from: StartFrom = 'latest';
  if (params.get('offset')) from = 'offset';
  else if (params.get('timestamp')) from = 'timestamp';
  else if (params.get('from') === 'earliest') from = 'earliest';
  return {
    partition,
    from,
    offset: params.get('offset') ?? '',
    timestamp: params.get('timestamp') ?? '',
    filter: params.get('filter') ?? '',
    keyContains: params.get('keyContains') ?? '',
    valueContains: params.get('valueContains') ?? '',
    valueMatches: params.get('valueMatches') ?? '',
    headerName: params.get('headerName') ?? '',
    headerValue: params.get('headerValue') ?? '',
    findKey: params.get('findKey') ?? '',
    timeFrom: params.get('timeFrom') ?? '',
    timeTo: params.get('timeTo') ?? '',
    limit: Number.isInteger(limit) && limit >= 1 && limit <= 500 ? limit : defaultLimit,
    isolation: params.get('isolation') === 'READ_COMMITTED' ? 'READ_COMMITTED' : 'READ_UNCOMMITTED',
    cursor: parseCursor(params.get('cursor')),
    live: params.get('live') === '1',
  };
}

export function browseQueryToParams(query: BrowseQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.partition !== null) params.set('partition', String(query.partition));
  if (query.from === 'earliest') params.set('from', 'earliest');
  if (query.from === 'offset' && query.offset) params.set('offset', query.offset);
  if (query.from === 'timestamp' && query.timestamp) params.set('timestamp', query.timestamp);
  const optional: [string, string][] = [
    ['filter', query.filter],
    ['keyContains', query.keyContains],
    ['valueContains', query.valueContains],
    ['valueMatches', query.valueMatches],
    ['headerName', query.headerName],
    ['headerValue', query.headerName ? query.headerValue : ''],
    ['findKey', query.findKey],
    ['timeFrom', query.timeFrom],
    ['timeTo', query.timeTo],
  ];
  for (const [name, value] of optional) if (value) params.set(name, value);
  if (query.limit !== defaultLimit) params.set('limit', String(query.limit));
  if (query.isolation === 'READ_COMMITTED') params.set('isolation', 'READ_COMMITTED');
  if (query.live) params.set('live', '1');
  if (query.cursor)
    params.set(
      'cursor',
      Object.entries(query.cursor)
        .map(([partition, offset]) => `${partition}:${offset}`)
        .join(','),
    );
  return params;
}

function parseCursor(text: string | null): Record<string, string> | null {
  if (!text) return null;
  const cursor: Record<string, string> = {};
  for (const part of text.split(',')) {
    const match = /^(\d{1,7}):(\d{1,19})$/.exec(part.trim());
    if (match) cursor[match[1]] = match[2];
  }
  return Object.keys(cursor).length > 0 ? cursor : null;
}

/** Milliseconds since the epoch from ISO-8601 or epoch-ms text; null when empty, NaN when it is not a time. */
export function parseTimeText(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  return Number.isFinite(value) && value >= 0 ? value : Number.NaN;
}

/** The query's time-range fields that are not times, named as the form labels them (empty when all are fine). */
export function invalidTimeFields(query: BrowseQuery): string[] {
  const invalid: string[] = [];
  if (Number.isNaN(parseTimeText(query.timeFrom))) invalid.push(`From time "${query.timeFrom}"`);
  if (Number.isNaN(parseTimeText(query.timeTo))) invalid.push(`To time "${query.timeTo}"`);
  return invalid;
}

/** The messages.search input for this state (a time that is not one is left out: the page says so). */
export function toSearchInput(clusterId: string, topic: string, query: BrowseQuery) {
  const timeBound = (text: string) => {
    const value = parseTimeText(text);
    return value === null || Number.isNaN(value) ? undefined : value;
  };
  return {
    clusterId,
    topic,
    partition: query.partition ?? undefined,
    from: query.from,
    offset: query.from === 'offset' ? query.offset : undefined,
    timestamp: query.from === 'timestamp' ? query.timestamp : undefined,
    cursor: query.cursor ?? undefined,
    findKey: query.findKey || undefined,
    limit: query.limit,
    isolation: query.isolation,
    filter: {
      ...toRecordFilter({ ...query, expression: query.filter }),
      fromTimestampMs: timeBound(query.timeFrom),
      toTimestampMs: timeBound(query.timeTo),
    },
  };
}
