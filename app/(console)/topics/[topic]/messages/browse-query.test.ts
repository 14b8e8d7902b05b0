// The browse state in the URL: the time-range quick filter survives a link and becomes the search's filter;
// a time that is not one is named, not sent.
import { describe, expect, it } from 'vitest';
import { browseQueryToParams, invalidTimeFields, parseBrowseQuery, toSearchInput } from './browse-query.ts';

describe('browse query', () => {
  it('keeps a time range in the link and searches records within it', () => {
    const query = parseBrowseQuery(new URLSearchParams('from=earliest&timeFrom=2026-03-01T00:00:10Z&timeTo=1772323220000'));
    expect(parseBrowseQuery(browseQueryToParams(query))).toEqual(query);
    expect(browseQueryToParams(query).toString()).toBe('from=earliest&timeFrom=2026-03-01T00%3A00%3A10Z&timeTo=1772323220000');
    expect(toSearchInput('built-in', 'orders', query).filter).toMatchObject({
      fromTimestampMs: Date.parse('2026-03-01T00:00:10Z'),
      toTimestampMs: 1772323220000,
    });
    expect(invalidTimeFields(query)).toEqual([]);
  });

  it('names a time that is not one and leaves it out of the search', () => {
    const query = parseBrowseQuery(new URLSearchParams('timeFrom=yesterday'));
    expect(invalidTimeFields(query)).toEqual(['From time "yesterday"']);
    const { filter } = toSearchInput('built-in', 'orders', query);
    expect(filter.fromTimestampMs).toBeUndefined();
    expect(filter.toTimestampMs).toBeUndefined();
  });
});
