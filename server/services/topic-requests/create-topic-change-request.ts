// A change to an existing team topic: more partitions, other retention, other configs. A change of
// retention only (retention.ms / retention.bytes) that stays within the policy is made at once (audited as
// topic.alterConfigs); anything else becomes a change request for an operator, audited as
// request.createChange. A change that breaks the policy may still be asked for: the approver sees which rules
// it breaks and decides.
import { z } from 'zod';
import { MAX_REQUEST_DESCRIPTION_LENGTH, type TopicShape } from '../../../domain/topic-policy.ts';
import { TopicName } from '../../../domain/topic-name.ts';
import { describeTopicConfigs } from '../../kafka/topic-configs.ts';
import { teamPrefixes, topicRequestEvents, topicRequests } from '../../db/schema/index.ts';
import { recordChange } from '../audit/record-change.ts';
import { boundedRecord } from '../bounded-record.ts';
import type { ServiceContext, VerbArgs } from '../service-context.ts';
import { NotFoundError, ValidationError } from '../service-error.ts';
import { alterTopicConfigs } from '../topics/alter-topic-configs.ts';
import { maxConfigsPerRequest } from '../topics/create-topic.ts';
import { assertMayChangeTopic } from '../topics/topic-ownership.ts';
import { requestVerdict, type RequestVerdict } from './request-verdict.ts';

const RETENTION_KEYS = new Set(['retention.ms', 'retention.bytes']);

export const CreateTopicChangeRequestInput = z.object({
  clusterId: z.string().min(1).max(100),
  name: TopicName,
  /** The new total; Kafka cannot remove partitions. */
  partitions: z.number().int().min(1).max(100_000).optional(),
  configs: boundedRecord(
    z
      .string()
      .min(1)
      .max(255)
      .regex(/^[a-z0-9._-]+$/, 'Config names are lower-case letters, digits, ".", "_" and "-"'),
    z.string().max(10_000),
    { maxEntries: maxConfigsPerRequest, what: 'configs' },
  ).default({}),
  description: z.string().trim().max(MAX_REQUEST_DESCRIPTION_LENGTH).default(''),
  recordsPerSecond: z.number().int().min(0).max(100_000_000).default(0),
  averageRecordBytes: z
    .number()
    .int()
    .min(0)
    .max(100 * 1024 * 1024)
    .default(0),
});
export type CreateTopicChangeRequestInput = z.infer<typeof CreateTopicChangeRequestInput>;

export interface ChangeOutcome {
  /** True when the change was made at once (retention within the policy). */
  applied: boolean;
  requestId: number | null;
  verdict: RequestVerdict;
}

export async function createTopicChangeRequest({ ctx, input: raw }: VerbArgs<typeof CreateTopicChangeRequestInput>) {
  const input = CreateTopicChangeRequestInput.parse(raw);
  await assertMayChangeTopic(ctx, input.name);
  const topic = (await ctx.clusters.metadata(input.clusterId, { fresh: true })).topics.find((candidate) => candidate.name === input.name);
  if (!topic) throw new NotFoundError(`Topic ${input.name} does not exist on this cluster.`);
  const partitions = input.partitions ?? topic.partitionCount;
  if (partitions < topic.partitionCount)
    throw new ValidationError(
      `The topic has ${topic.partitionCount} partitions; Kafka cannot remove partitions, so ask for ${topic.partitionCount} or more.`,
    );
  const described = await describeTopicConfigs(await ctx.clusters.client(input.clusterId), input.name);
  const current = Object.fromEntries(
    described.filter((config) => config.value !== null).map((config) => [config.name, config.value as string]),
  );
  const changedConfigs = Object.fromEntries(Object.entries(input.configs).filter(([key, value]) => current[key] !== value));
  if (partitions === topic.partitionCount && Object.keys(changedConfigs).length === 0)
    throw new ValidationError('Nothing to change: the partitions and configs asked for are what the topic has.');
  const teamId = await owningTeamId(ctx, input.name);
  const shape: TopicShape = {
    name: input.name,
    partitions,
    replicationFactor: topic.replicationFactor,
    configs: { ...current, ...changedConfigs },
    recordsPerSecond: input.recordsPerSecond,
    averageRecordBytes: input.averageRecordBytes,
  };
  const verdict = await requestVerdict(ctx, input.clusterId, shape, { kind: 'change', teamId });
  if (verdict.problems.length > 0) throw new ValidationError(verdict.problems.map((problem) => problem.message).join(' '));
  const retentionOnly = partitions === topic.partitionCount && Object.keys(changedConfigs).every((key) => RETENTION_KEYS.has(key));
  if (retentionOnly && verdict.violations.length === 0) {
    const changes = Object.entries(changedConfigs).map(([name, value]) => ({ name, operation: 'set' as const, value }));
    await alterTopicConfigs({ ctx, input: { clusterId: input.clusterId, name: input.name, changes } });
    return { applied: true, requestId: null, verdict } satisfies ChangeOutcome;
  }
  const currentState = {
    partitions: topic.partitionCount,
    configs: Object.fromEntries(Object.keys(changedConfigs).map((key) => [key, current[key] ?? null])),
  };
  const parameters = { partitions, configs: changedConfigs, before: currentState, violations: verdict.violations };
  const requestId = await recordChange(
    ctx,
    { action: 'request.createChange', clusterId: input.clusterId, resourceType: 'request', resourceName: input.name, parameters },
    async () => {
      const id = await ctx.db.transaction(async (transaction) => {
        const [row] = await transaction
          .insert(topicRequests)
          .values({
            kind: 'change',
            clusterId: input.clusterId,
            teamId,
            topicName: input.name,
            partitions,
            replicationFactor: topic.replicationFactor,
            configs: changedConfigs,
            description: input.description,
            recordsPerSecond: input.recordsPerSecond,
            averageRecordBytes: input.averageRecordBytes,
            expectedConsumers: [],
            estimatedDiskBytes: verdict.estimatedDiskBytes,
            currentState,
            requesterUserId: ctx.actor.userId,
            requesterName: ctx.actor.username,
          })
          .returning({ id: topicRequests.id });
        const breaks = verdict.violations.length > 0 ? ` It breaks ${verdict.violations.length} policy rule(s); the approver decides.` : '';
        await transaction.insert(topicRequestEvents).values({
          requestId: row.id,
          actorName: ctx.actor.username,
          step: 'pending',
          message: `Change requested.${breaks}`,
          details: { verdict: { violations: verdict.violations, problems: verdict.problems } },
        });
        return row.id;
      });
      return { result: id, after: { id, state: 'pending' } };
    },
  );
  return { applied: false, requestId, verdict } satisfies ChangeOutcome;
}

/** The team owning the topic by prefix (the member's own team, for members). */
async function owningTeamId(ctx: ServiceContext, topicName: string): Promise<string | null> {
  if (ctx.actor.role === 'member') return ctx.actor.teamId;
  const rows = await ctx.db.select().from(teamPrefixes);
  return rows.filter((row) => topicName.startsWith(row.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0]?.teamId ?? null;
}
