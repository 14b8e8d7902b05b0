// Which __consumer_offsets partition holds a group: Kafka's `Utils.abs(groupId.hashCode()) % partitions`,
// so tools that read the topic find a group where Apache Kafka would have put it.

/** Java's String.hashCode: 31-polynomial over UTF-16 code units, in 32-bit two's complement. */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index++) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0;
  }
  return hash;
}

/** Kafka's Utils.abs maps Integer.MIN_VALUE to 0 instead of overflowing. */
function kafkaAbs(value: number): number {
  return value === -2147483648 ? 0 : Math.abs(value);
}

export function offsetsPartitionFor(groupId: string, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) throw new Error(`bad partition count ${partitionCount}`);
  return kafkaAbs(javaStringHashCode(groupId)) % partitionCount;
}
