// The server-side assignors of KIP-848 consumer groups (group.consumer.assignors: uniform, range). Pure:
// members with the topic ids they subscribe to, topics with their partition counts, and the previous target
// assignment in; the new target assignment out. Partitions are named by topic id, as in Kafka's records.
//
// uniform: every partition of a subscribed topic goes to one of its subscribers, each member ends with at
// most one partition more than any other member subscribed to the same partition, and partitions stay where
// they were when that keeps the balance (sticky), as Kafka's UniformAssignor promises.
// range: per topic, its subscribers sorted by member id get contiguous ranges, the first (partitions %
// subscribers) one partition more (Kafka's RangeAssignor, so co-partitioned topics line up across members).

/** topicId -> partitions. */
export type Assignment = Map<string, Set<number>>;

export interface AssignmentSpec {
  /** memberId -> subscribed topic ids (only topics that exist). */
  members: ReadonlyMap<string, ReadonlySet<string>>;
  /** topicId -> partition count. */
  topics: ReadonlyMap<string, number>;
  /** The previous target assignment, memberId -> partitions. */
  previous: ReadonlyMap<string, Assignment>;
}

export interface ServerAssignor {
  readonly name: string;
  assign(spec: AssignmentSpec): Map<string, Assignment>;
}

function emptyAssignments(spec: AssignmentSpec): Map<string, Assignment> {
  return new Map([...spec.members.keys()].map((memberId) => [memberId, new Map()]));
}

function add(assignment: Assignment, topicId: string, partition: number): void {
  let partitions = assignment.get(topicId);
  if (partitions === undefined) {
    partitions = new Set();
    assignment.set(topicId, partitions);
  }
  partitions.add(partition);
}

function remove(assignment: Assignment, topicId: string, partition: number): void {
  const partitions = assignment.get(topicId);
  partitions?.delete(partition);
  if (partitions?.size === 0) assignment.delete(topicId);
}

export function partitionCount(assignment: Assignment): number {
  let count = 0;
  for (const partitions of assignment.values()) count += partitions.size;
  return count;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const uniformAssignor: ServerAssignor = {
  name: 'uniform',
  assign(spec) {
    const result = emptyAssignments(spec);
    const counts = new Map([...spec.members.keys()].map((memberId) => [memberId, 0]));
    const owner = new Map<string, string>();
    const key = (topicId: string, partition: number) => `${topicId}:${partition}`;
    // 1. Keep every previous partition its member still subscribes to.
    for (const [memberId, previous] of spec.previous) {
      const subscribed = spec.members.get(memberId);
      if (subscribed === undefined) continue;
      for (const [topicId, partitions] of previous) {
        const count = spec.topics.get(topicId);
        if (count === undefined || !subscribed.has(topicId)) continue;
        for (const partition of partitions) {
          if (partition >= count || owner.has(key(topicId, partition))) continue;
          add(result.get(memberId)!, topicId, partition);
          owner.set(key(topicId, partition), memberId);
          counts.set(memberId, counts.get(memberId)! + 1);
        }
      }
    }
    const subscribers = new Map<string, string[]>();
    for (const topicId of [...spec.topics.keys()].sort(byId)) {
      subscribers.set(topicId, [...spec.members.keys()].filter((memberId) => spec.members.get(memberId)!.has(topicId)).sort(byId));
    }
    const leastLoaded = (candidates: string[]) =>
      candidates.reduce((best, memberId) => (counts.get(memberId)! < counts.get(best)! ? memberId : best));
    // 2. Each unassigned partition to its least loaded subscriber.
    for (const [topicId, members] of subscribers) {
      if (members.length === 0) continue;
      for (let partition = 0; partition < spec.topics.get(topicId)!; partition++) {
        if (owner.has(key(topicId, partition))) continue;
        const memberId = leastLoaded(members);
        add(result.get(memberId)!, topicId, partition);
        owner.set(key(topicId, partition), memberId);
        counts.set(memberId, counts.get(memberId)! + 1);
      }
    }
    // 3. Move partitions from a member to a subscriber holding two or more fewer, until none can move; the
    // highest partitions move first, so a member keeps its lowest ones (as Kafka's assignor does). Each
    // move lowers the sum of squared counts, so this ends; the bound only guards the invariant.
    const maxMoves = owner.size * Math.max(1, spec.members.size);
    for (let moves = 0, moved = true; moved && moves < maxMoves; ) {
      moved = false;
      for (const [topicId, members] of subscribers) {
        for (let partition = (spec.topics.get(topicId) ?? 0) - 1; partition >= 0; partition--) {
          const from = owner.get(key(topicId, partition));
          if (from === undefined) continue;
          const to = leastLoaded(members);
          if (counts.get(from)! - counts.get(to)! < 2) continue;
          remove(result.get(from)!, topicId, partition);
          add(result.get(to)!, topicId, partition);
          owner.set(key(topicId, partition), to);
          counts.set(from, counts.get(from)! - 1);
          counts.set(to, counts.get(to)! + 1);
          moved = true;
          moves += 1;
        }
      }
    }
    return result;
  },
};

export const rangeAssignor: ServerAssignor = {
  name: 'range',
  assign(spec) {
    const result = emptyAssignments(spec);
    for (const [topicId, count] of spec.topics) {
      const members = [...spec.members.keys()].filter((memberId) => spec.members.get(memberId)!.has(topicId)).sort(byId);
      if (members.length === 0) continue;
      const quota = Math.floor(count / members.length);
      const extra = count % members.length;
      let next = 0;
      members.forEach((memberId, index) => {
        const take = quota + (index < extra ? 1 : 0);
        for (let i = 0; i < take; i++) add(result.get(memberId)!, topicId, next++);
      });
    }
    return result;
  },
};

/** group.consumer.assignors: the first is the default when no member names one. */
export const SERVER_ASSIGNORS: ReadonlyMap<string, ServerAssignor> = new Map([
  [uniformAssignor.name, uniformAssignor],
  [rangeAssignor.name, rangeAssignor],
]);
export const DEFAULT_SERVER_ASSIGNOR = uniformAssignor.name;
