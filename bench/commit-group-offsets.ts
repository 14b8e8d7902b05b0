// Committed offsets for many consumer groups, as an admin tool commits them (AlterConsumerGroupOffsets: one
// OffsetCommit per group, no join): kafkajs's setOffsets joins each group as a consumer first, which takes
// seconds per group and, many at once, times out on its own locks.
import { Admin } from '@platformatic/kafka';

export interface GroupCommit {
  groupId: string;
  topic: string;
  /** The committed offset of each partition, by partition number. */
  offsets: number[];
}

const commitsAtOnce = 50;

export async function commitGroupOffsets(bootstrap: string, commits: GroupCommit[]): Promise<void> {
  const admin = new Admin({ clientId: 'samsa-bench-setup', bootstrapBrokers: [bootstrap] });
  try {
    for (let start = 0; start < commits.length; start += commitsAtOnce) {
      await Promise.all(
        commits.slice(start, start + commitsAtOnce).map((commit) =>
          admin.alterConsumerGroupOffsets({
            groupId: commit.groupId,
            topics: [
              {
                name: commit.topic,
                partitionOffsets: commit.offsets.map((offset, partition) => ({ partition, offset: BigInt(offset) })),
              },
            ],
          }),
        ),
      );
    }
  } finally {
    await admin.close();
  }
}
