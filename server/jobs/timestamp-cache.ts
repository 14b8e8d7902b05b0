// The timestamp of the record at (topic id, partition, offset), for time lag. A record at an offset never
// changes (a recreated topic has a new id), so entries stay valid; the cache is bounded by MAX_ENTRIES and
// drops the oldest insertions first.
export const MAX_TIMESTAMP_CACHE_ENTRIES = 500_000;

export class TimestampCache {
  private readonly entries = new Map<string, number>();
  private readonly maxEntries: number;

  constructor(maxEntries = MAX_TIMESTAMP_CACHE_ENTRIES) {
    this.maxEntries = maxEntries;
  }

  get(topicId: string, partition: number, offset: number): number | undefined {
    return this.entries.get(`${topicId}/${partition}/${offset}`);
  }

  set(topicId: string, partition: number, offset: number, timestampMs: number): void {
    const key = `${topicId}/${partition}/${offset}`;
    this.entries.delete(key);
    this.entries.set(key, timestampMs);
    // Map iteration follows insertion order: the first key is the oldest.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
