// Offsets committed inside transactions (TxnOffsetCommit) and not yet visible: Kafka's
// pendingTransactionalOffsets. Each one is a transactional offset-commit record in __consumer_offsets; its
// producer's COMMIT marker in that partition makes it the group's committed offset, an ABORT marker discards
// it. Kafka applies a pending offset at COMMIT only if it was written after the committed one (it compares the
// records' log offsets); here every write gets an order number instead, in the order the records are appended
// (live) or read (replay), and a committed write marks the pending offsets written before it superseded.
// A tombstone of the offset (offset deletion, group or topic deletion) removes the pending ones too, as
// Kafka's replay of a tombstone does.

import type { CommittedOffset } from './classic-group.ts';

export interface PendingTransactionalOffset {
  groupId: string;
  topic: string;
  partition: number;
  /** The __consumer_offsets partition holding the record: the marker that ends it is written there. */
  offsetsPartition: number;
  offset: CommittedOffset;
  /** Write order (see the file comment). */
  order: number;
  /** A committed write of the same partition came after it: a COMMIT marker leaves that one. */
  superseded: boolean;
}

export type PendingOffsetToStage = Pick<PendingTransactionalOffset, 'groupId' | 'topic' | 'partition' | 'offsetsPartition' | 'offset'>;

function keyOf(groupId: string, topic: string, partition: number): string {
  return `${groupId}\u0000${topic}\u0000${partition}`;
}

export class PendingTransactionalOffsets {
  /** producerId -> offset key -> its latest pending offset (a later commit of the same producer replaces it). */
  private readonly byProducer = new Map<bigint, Map<string, PendingTransactionalOffset>>();
  /** offset key -> producers with a pending offset for it. */
  private readonly producersByKey = new Map<string, Set<bigint>>();
  private lastOrder = 0;

  /** The next write order (a committed, non-transactional write of an offset). */
  nextOrder(): number {
    this.lastOrder += 1;
    return this.lastOrder;
  }

  stage(producerId: bigint, offset: PendingOffsetToStage): PendingTransactionalOffset {
    const key = keyOf(offset.groupId, offset.topic, offset.partition);
    const pending: PendingTransactionalOffset = { ...offset, order: this.nextOrder(), superseded: false };
    let entries = this.byProducer.get(producerId);
    if (entries === undefined) {
      entries = new Map();
      this.byProducer.set(producerId, entries);
    }
    entries.set(key, pending);
    let producers = this.producersByKey.get(key);
    if (producers === undefined) {
      producers = new Set();
      this.producersByKey.set(key, producers);
    }
    producers.add(producerId);
    return pending;
  }

  /** Undoes `stage` (its write failed) unless a later stage of the same producer replaced the entry. */
  unstage(producerId: bigint, pending: PendingTransactionalOffset): void {
    const key = keyOf(pending.groupId, pending.topic, pending.partition);
    if (this.byProducer.get(producerId)?.get(key) === pending) this.delete(producerId, key);
  }

  /** Whether a transaction not yet ended has an offset for this partition (OffsetFetch requireStable). */
  has(groupId: string, topic: string, partition: number): boolean {
    return this.producersByKey.has(keyOf(groupId, topic, partition));
  }

  /** A committed (non-transactional) offset was written for the partition: every pending one is older. */
  committed(groupId: string, topic: string, partition: number): void {
    this.supersedeBefore(keyOf(groupId, topic, partition), Number.POSITIVE_INFINITY);
  }

  /** A tombstone for the partition's offset: pending offsets go with it. */
  remove(groupId: string, topic: string, partition: number): void {
    const key = keyOf(groupId, topic, partition);
    for (const producerId of [...(this.producersByKey.get(key) ?? [])]) this.delete(producerId, key);
  }

  /**
   * A COMMIT or ABORT marker of `producerId` in __consumer_offsets partition `offsetsPartition`: ends the
   * producer's pending offsets of that partition. Returns, for COMMIT, those to make committed, in write
   * order (superseded ones left out); offsets pending from other producers and written before an applied one
   * become superseded by it.
   */
  complete(producerId: bigint, offsetsPartition: number, commit: boolean): PendingTransactionalOffset[] {
    const entries = this.byProducer.get(producerId);
    if (entries === undefined) return [];
    const ended = [...entries].filter(([, pending]) => pending.offsetsPartition === offsetsPartition);
    for (const [key] of ended) this.delete(producerId, key);
    if (!commit) return [];
    const applied = ended.filter(([, pending]) => !pending.superseded).sort(([, a], [, b]) => a.order - b.order);
    for (const [key, pending] of applied) this.supersedeBefore(key, pending.order);
    return applied.map(([, pending]) => pending);
  }

  /** Partitions with pending offsets matching `filter` (DeleteTopics, DeleteGroups write their tombstones). */
  partitions(filter: { groupId?: string; topic?: string }): { groupId: string; topic: string; partition: number }[] {
    const found = new Map<string, { groupId: string; topic: string; partition: number }>();
    for (const entries of this.byProducer.values()) {
      for (const [key, { groupId, topic, partition }] of entries) {
        if (filter.groupId !== undefined && filter.groupId !== groupId) continue;
        if (filter.topic !== undefined && filter.topic !== topic) continue;
        found.set(key, { groupId, topic, partition });
      }
    }
    return [...found.values()];
  }

  private supersedeBefore(key: string, order: number): void {
    for (const producerId of this.producersByKey.get(key) ?? []) {
      const pending = this.byProducer.get(producerId)?.get(key);
      if (pending !== undefined && pending.order < order) pending.superseded = true;
    }
  }

  private delete(producerId: bigint, key: string): void {
    const entries = this.byProducer.get(producerId);
    entries?.delete(key);
    if (entries?.size === 0) this.byProducer.delete(producerId);
    const producers = this.producersByKey.get(key);
    producers?.delete(producerId);
    if (producers?.size === 0) this.producersByKey.delete(key);
  }
}
