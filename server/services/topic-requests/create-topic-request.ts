// A member asks for a new topic for their team. checkTopicRequest gives the verdict as the form is filled
// (policy rules, name free, the cluster's limits); createTopicRequest runs the same checks and refuses a
// request that breaks any of them, else stores it pending, audited as request.create.
import { z } from 'zod';
import { MAX_EXPECTED_CONSUMERS, MAX_REQUEST_DESCRIPTION_LENGTH, type TopicShape } from '../../../domain/topic-policy.ts';
import { TopicName } from '../../../domain/topic-name.ts';
import { topicRequestEvents, topicRequests } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import { boundedRecord } from '../bounded-record.ts';
import type { ServiceContext, VerbArgs } from '../service-context.ts';
import { ConflictError, ValidationError } from '../service-error.ts';
import { maxConfigsPerRequest } from '../topics/create-topic.ts';
import { describeVerdict, requestVerdict, type RequestVerdict } from './request-verdict.ts';

export const CreateTopicRequestInput = z.object({
  clusterId: z.string().min(1).max(100),
  name: TopicName,
  partitions: z.number().int().min(1).max(100_000),
  replicationFactor: z.number().int().min(1).max(32),
  configs: boundedRecord(z.string().min(1).max(255), z.string().max(10_000), { maxEntries: maxConfigsPerRequest, what: 'configs' }).default(
    {},
  ),
  description: z.string().trim().max(MAX_REQUEST_DESCRIPTION_LENGTH).default(''),
  recordsPerSecond: z.number().int().min(0).max(100_000_000).default(0),
  averageRecordBytes: z
    .number()
    .int()
    .min(0)
    .max(100 * 1024 * 1024)
    .default(0),
  expectedConsumers: z.array(z.string().trim().min(1).max(200)).max(MAX_EXPECTED_CONSUMERS).default([]),
});
export type CreateTopicRequestInput = z.infer<typeof CreateTopicRequestInput>;

export function shapeOf(input: CreateTopicRequestInput): TopicShape {
  return {
    name: input.name,
    partitions: input.partitions,
    replicationFactor: input.replicationFactor,
    configs: input.configs,
    recordsPerSecond: input.recordsPerSecond,
    averageRecordBytes: input.averageRecordBytes,
  };
}

function requireTeam(ctx: ServiceContext): string {
  if (ctx.actor.teamId === null)
    throw new ValidationError('Topic requests are made for a team, and you belong to none: ask an admin to add you to one.');
  return ctx.actor.teamId;
}

export async function checkTopicRequest({ ctx, input: unparsed }: VerbArgs<typeof CreateTopicRequestInput>): Promise<RequestVerdict> {
  const input = CreateTopicRequestInput.parse(unparsed);
  return requestVerdict(ctx, input.clusterId, shapeOf(input), { kind: 'create', teamId: requireTeam(ctx) });
}

export async function createTopicRequest({ ctx, input: unparsed }: VerbArgs<typeof CreateTopicRequestInput>): Promise<{ id: number }> {
  const input = CreateTopicRequestInput.parse(unparsed);
  const teamId = requireTeam(ctx);
  const verdict = await requestVerdict(ctx, input.clusterId, shapeOf(input), { kind: 'create', teamId });
  if (!verdict.ok) throw new ValidationError(`The request cannot be submitted: ${describeVerdict(verdict)}`);
  const parameters = { ...input, estimatedDiskBytes: verdict.estimatedDiskBytes, policy: verdict.policy.scope };
  return recordChange(
    ctx,
    { action: 'request.create', clusterId: input.clusterId, resourceType: 'request', resourceName: input.name, parameters },
    async () => {
      const id = await ctx.db.transaction(async (transaction) => {
        const [row] = await transaction
          .insert(topicRequests)
          .values({
            kind: 'create',
            clusterId: input.clusterId,
            teamId,
            topicName: input.name,
            partitions: input.partitions,
            replicationFactor: input.replicationFactor,
            configs: input.configs,
            description: input.description,
            recordsPerSecond: input.recordsPerSecond,
            averageRecordBytes: input.averageRecordBytes,
            expectedConsumers: input.expectedConsumers,
            estimatedDiskBytes: verdict.estimatedDiskBytes,
            requesterUserId: ctx.actor.userId,
            requesterName: ctx.actor.username,
          })
          .onConflictDoNothing()
          .returning({ id: topicRequests.id });
        // The partial unique index: another live request took the name since the check above.
        if (!row) throw new ConflictError(`Name taken: another request already asks for ${input.name} on this cluster.`);
        await transaction.insert(topicRequestEvents).values({
          requestId: row.id,
          actorName: ctx.actor.username,
          step: 'pending',
          message: `Requested; follows the ${verdict.policy.scope === 'none' ? 'cluster limits (no policy set)' : `${verdict.policy.scope} policy`}.`,
          details: {
            verdict: { violations: verdict.violations, problems: verdict.problems },
            estimatedDiskBytes: verdict.estimatedDiskBytes,
          },
        });
        return row.id;
      });
      return { result: { id }, after: { id, state: 'pending' } };
    },
  );
}
