// Writes one cluster round (server/jobs/lag-sample-round.ts) in one transaction: the names' integer keys,
// then the group and topic rows in multi-row INSERTs of ROWS_PER_INSERT, then the round row. A round that
// failed is stored as its round row with the error (a gap), and nothing else.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { groupLagSamples, lagGroups, lagResolutions, lagSampleRounds, lagTopics, topicOffsetSamples } from '../db/schema/index.ts';
import type { ClusterSample } from '../jobs/lag-sample-round.ts';

/** Rows per INSERT: 1,000 rows x 10 columns stays far below Postgres's 65,535 parameters. */
const ROWS_PER_INSERT = 1_000;
/** Names looked up per SELECT. */
const NAMES_PER_QUERY = 1_000;
/** Bounded memory: name keys remembered per process. */
const MAX_CACHED_KEYS = 1_000_000;

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
type Executor = Database | Transaction;

/** Integer keys of group and topic names, remembered across rounds. */
export class LagKeyCache {
  readonly groups = new Map<string, number>();
  readonly topics = new Map<string, number>();

  remember(map: Map<string, number>, key: string, id: number): void {
    if (map.size >= MAX_CACHED_KEYS) map.clear();
    map.set(key, id);
  }
}

export async function storeClusterSample(db: Database, sample: ClusterSample, keys: LagKeyCache, durationMs: number): Promise<void> {
  const sampledAt = new Date(sample.sampledAtMs);
  const { clusterId } = sample;
  // Keys cached during a transaction that then fails would name rows that were rolled back.
  await db
    .transaction(async (tx) => {
      const groupKeys = await keysOf(tx, 'group', clusterId, [...new Set(sample.groups.map((group) => group.groupId))], keys);
      const topicNames = new Set([
        ...sample.topics.map((topic) => topic.topic),
        ...sample.groups.flatMap((g) => g.topics.map((t) => t.topic)),
      ]);
      const topicKeys = await keysOf(tx, 'topic', clusterId, [...topicNames], keys);
      const groupRows = sample.groups.flatMap((group) =>
        group.topics.map((topic) => ({
          groupKey: groupKeys.get(group.groupId)!,
          topicKey: topicKeys.get(topic.topic)!,
          resolution: lagResolutions.raw,
          sampledAt,
          members: Math.min(group.members, 32_767),
          lag: topic.lag,
          timeLagMs: topic.timeLagMs,
          committedOffsets: byPartition(topic.partitions, (p) => p.committedOffset),
          partitionLags: byPartition(topic.partitions, (p) => p.lag),
          partitionTimeLagsMs: byPartition(topic.partitions, (p) => p.timeLagMs),
        })),
      );
      for (let start = 0; start < groupRows.length; start += ROWS_PER_INSERT)
        await tx
          .insert(groupLagSamples)
          .values(groupRows.slice(start, start + ROWS_PER_INSERT))
          .onConflictDoNothing();
      const topicRows = sample.topics.map((topic) => ({
        topicKey: topicKeys.get(topic.topic)!,
        resolution: lagResolutions.raw,
        sampledAt,
        logStartOffsets: byPartition(topic.partitions, (p) => p.logStartOffset),
        endOffsets: byPartition(topic.partitions, (p) => p.endOffset),
        sizeBytes: topic.partitions.some((p) => p.sizeBytes !== null) ? byPartition(topic.partitions, (p) => p.sizeBytes) : null,
      }));
      for (let start = 0; start < topicRows.length; start += ROWS_PER_INSERT)
        await tx
          .insert(topicOffsetSamples)
          .values(topicRows.slice(start, start + ROWS_PER_INSERT))
          .onConflictDoNothing();
      await tx.insert(lagSampleRounds).values({
        clusterId,
        sampledAt,
        durationMs: Math.round(durationMs),
        groups: sample.groups.length,
        partitions: groupRows.reduce((sum, row) => sum + row.committedOffsets.length, 0),
        brokers: sample.brokers,
        error: null,
      });
    })
    .catch((error: unknown) => {
      keys.groups.clear();
      keys.topics.clear();
      throw error;
    });
}

/** A round that produced no samples: the gap, with why. */
export async function storeFailedRound(
  db: Database,
  clusterId: string,
  sampledAtMs: number,
  durationMs: number,
  reason: string,
): Promise<void> {
  await db.insert(lagSampleRounds).values({
    clusterId,
    sampledAt: new Date(sampledAtMs),
    durationMs: Math.round(durationMs),
    groups: 0,
    partitions: 0,
    brokers: 0,
    error: reason.slice(0, 2_000),
  });
}

/** Element p is partition p's value; partitions not listed are null (the array is as long as the highest + 1). */
export function byPartition<T extends { partition: number }>(partitions: T[], value: (p: T) => number | null): (number | null)[] {
  let length = 0;
  for (const p of partitions) length = Math.max(length, p.partition + 1);
  const result: (number | null)[] = new Array(length).fill(null);
  for (const p of partitions) result[p.partition] = value(p);
  return result;
}

async function keysOf(
  tx: Executor,
  kind: 'group' | 'topic',
  clusterId: string,
  names: string[],
  cache: LagKeyCache,
): Promise<Map<string, number>> {
  const memory = kind === 'group' ? cache.groups : cache.topics;
  const result = new Map<string, number>();
  const missing: string[] = [];
  for (const name of names) {
    const id = memory.get(`${clusterId}\u0000${name}`);
    if (id === undefined) missing.push(name);
    else result.set(name, id);
  }
  for (let start = 0; start < missing.length; start += NAMES_PER_QUERY) {
    const batch = missing.slice(start, start + NAMES_PER_QUERY);
    if (kind === 'group') {
      await tx
        .insert(lagGroups)
        .values(batch.map((groupId) => ({ clusterId, groupId })))
        .onConflictDoNothing();
      const rows = await tx
        .select({ id: lagGroups.id, name: lagGroups.groupId })
        .from(lagGroups)
        .where(and(eq(lagGroups.clusterId, clusterId), inArray(lagGroups.groupId, batch)));
      for (const row of rows) result.set(row.name, row.id);
    } else {
      await tx
        .insert(lagTopics)
        .values(batch.map((topic) => ({ clusterId, topic })))
        .onConflictDoNothing();
      const rows = await tx
        .select({ id: lagTopics.id, name: lagTopics.topic })
        .from(lagTopics)
        .where(and(eq(lagTopics.clusterId, clusterId), inArray(lagTopics.topic, batch)));
      for (const row of rows) result.set(row.name, row.id);
    }
    for (const name of batch) if (result.has(name)) cache.remember(memory, `${clusterId}\u0000${name}`, result.get(name)!);
  }
  return result;
}
