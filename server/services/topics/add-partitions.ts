// Raises a topic's partition count, audited; members only within their team's topic policy. Kafka cannot remove partitions, and keyed records map to a
// partition by hash(key) % count, so from now on keys land on other partitions (the page warns before).
import { z } from 'zod';
import { createPartitions } from '../../kafka/create-partitions.ts';
import { recordChange } from '../audit/record-change.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';
import { getTopicLimits } from './get-topic-limits.ts';
import { describeTopicConfigs } from '../../kafka/topic-configs.ts';
import { assertWithinMemberPolicy, configValues, shapeOf } from './member-topic-policy.ts';
import { assertMayChangeTopic } from './topic-ownership.ts';
import { TopicName } from '../../../domain/topic-name.ts';

export const AddPartitionsInput = z.object({
  clusterId: z.string().min(1).max(100),
  name: TopicName,
  /** The new total, not the number added (as Kafka's CreatePartitions). */
  totalPartitions: z.number().int().min(2).max(100_000),
});
export type AddPartitionsInput = z.infer<typeof AddPartitionsInput>;

export async function addPartitions({ ctx, input: unparsed }: VerbArgs<typeof AddPartitionsInput>): Promise<{ partitions: number }> {
  const input = AddPartitionsInput.parse(unparsed);
  await assertMayChangeTopic(ctx, input.name);
  const metadata = await ctx.clusters.metadata(input.clusterId, { fresh: true });
  const topic = metadata.topics.find((candidate) => candidate.name === input.name);
  if (!topic) throw new NotFoundError(`Topic ${input.name} does not exist on this cluster (it may have been deleted).`);
  if (input.totalPartitions <= topic.partitionCount) {
    throw new ValidationError(
      `The topic has ${topic.partitionCount} partitions; the new count must be larger (Kafka cannot remove partitions).`,
    );
  }
  const limits = await getTopicLimits({ ctx, input: { clusterId: input.clusterId } });
  if (input.totalPartitions > limits.maxPartitionsPerTopic) {
    throw new ValidationError(
      `${input.totalPartitions} partitions is more than ${limits.maxPartitionsPerTopic}, ${limits.maxPartitionsSource}.`,
    );
  }
  const client = await ctx.clusters.client(input.clusterId);
  await assertWithinMemberPolicy(ctx, input.clusterId, 'change', async () => {
    const configs = configValues(await describeTopicConfigs(client, input.name));
    return {
      before: shapeOf(input.name, topic.partitionCount, topic.replicationFactor, configs),
      after: shapeOf(input.name, input.totalPartitions, topic.replicationFactor, configs),
      brokerCount: metadata.brokers.length,
    };
  });
  // The cluster's own verdict first, so a refusal is not recorded as a failed change.
  await createPartitions(client, input.name, input.totalPartitions, { validateOnly: true });
  const before = { partitions: topic.partitionCount };
  await recordChange(
    ctx,
    {
      action: 'topic.createPartitions',
      clusterId: input.clusterId,
      resourceType: 'topic',
      resourceName: input.name,
      parameters: { totalPartitions: input.totalPartitions },
      before,
    },
    async () => {
      await createPartitions(client, input.name, input.totalPartitions, { validateOnly: false });
      ctx.clusters.invalidate(input.clusterId);
      return { result: undefined, after: { partitions: input.totalPartitions } };
    },
  );
  return { partitions: input.totalPartitions };
}
