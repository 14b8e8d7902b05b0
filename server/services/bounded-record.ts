// A record (a JSON object with free keys, e.g. topic configs) whose number of entries is bounded. Zod's own
// record has no entry-count check, and a refine cannot be read back, so this helper remembers the bound it
// set: server/api/input-bounds.ts reads it to prove every record in every procedure input is bounded.
import { z } from 'zod';

const maxEntriesBySchema = new WeakMap<z.core.$ZodType, number>();

/**
 * z.record(key, value) that refuses more than maxEntries entries. Wrap the result (.optional(), .default())
 * freely, but do not chain .refine()/.check() onto it: that makes a new schema the bound is not known for.
 */
export function boundedRecord<Key extends z.core.$ZodRecordKey, Value extends z.core.$ZodType>(
  key: Key,
  value: Value,
  { maxEntries, what = 'entries' }: { maxEntries: number; what?: string },
) {
  const schema = z.record(key, value).refine((record) => Object.keys(record).length <= maxEntries, `At most ${maxEntries} ${what}.`);
  maxEntriesBySchema.set(schema, maxEntries);
  return schema;
}

/** The bound boundedRecord set on this exact schema, or undefined. */
export function maxEntriesOf(schema: z.core.$ZodType): number | undefined {
  return maxEntriesBySchema.get(schema);
}
