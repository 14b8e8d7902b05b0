// Provisioning an approved request: approved (or failed, on a retry) -> provisioning -> created | failed.
// The cluster checks everything first (CreateTopics / CreatePartitions / IncrementalAlterConfigs with
// validate_only), so a refusal or an unreachable cluster fails the request before anything is made; a new
// topic is then created whole by one CreateTopics. Audited as request.provision around topic.create (or
// topic.createPartitions / topic.alterConfigs for a change).
import { createPartitions } from '../../kafka/create-partitions.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext } from '../service-context.ts';
import { ValidationError } from '../service-error.ts';
import { addPartitions } from '../topics/add-partitions.ts';
import { alterTopicConfigs } from '../topics/alter-topic-configs.ts';
import { checkNewTopic, createTopic } from '../topics/create-topic.ts';
import { describeRequest, moveRequest, notifyRequester, type TopicRequestRow } from './request-store.ts';

export async function provisionRequest(
  ctx: ServiceContext,
  request: TopicRequestRow,
  from: 'approved' | 'failed',
): Promise<TopicRequestRow> {
  const started = await moveRequest(ctx, request.id, {
    from: [from],
    to: 'provisioning',
    message: from === 'failed' ? 'Provisioning again (retry).' : 'Provisioning: the cluster checks the request (validate only).',
    changes: { error: null },
  });
  try {
    await recordChange(
      ctx,
      {
        action: 'request.provision',
        clusterId: request.clusterId,
        resourceType: 'request',
        resourceName: request.topicName,
        parameters: { requestId: request.id, kind: request.kind, partitions: started.partitions, configs: started.configs },
      },
      async () => {
        if (started.kind === 'create') await provisionNewTopic(ctx, started);
        else await provisionChange(ctx, started);
        return { result: undefined, after: { state: 'created' } };
      },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failed = await moveRequest(ctx, request.id, {
      from: ['provisioning'],
      to: 'failed',
      message: `Provisioning failed: ${message} Nothing was created; retry when the cause is fixed.`,
      changes: { error: message },
    });
    await notifyRequester(ctx, failed, `${describeRequest(failed)} failed to provision: ${message}`);
    return failed;
  }
  const done = await moveRequest(ctx, request.id, {
    from: ['provisioning'],
    to: 'created',
    message: started.kind === 'create' ? `Topic ${started.topicName} created.` : `Topic ${started.topicName} changed.`,
  });
  await notifyRequester(ctx, done, `${describeRequest(done)} is done: the topic ${started.kind === 'create' ? 'exists' : 'is changed'}.`);
  return done;
}

async function provisionNewTopic(ctx: ServiceContext, request: TopicRequestRow): Promise<void> {
  const input = {
    clusterId: request.clusterId,
    name: request.topicName,
    partitions: request.partitions,
    replicationFactor: request.replicationFactor,
    configs: request.configs,
  };
  const verdict = await checkNewTopic({ ctx, input });
  if (!verdict.ok)
    throw new ValidationError(`The cluster refuses the topic: ${verdict.problems.map((problem) => problem.message).join(' ')}`);
  await createTopic({ ctx, input });
}

async function provisionChange(ctx: ServiceContext, request: TopicRequestRow): Promise<void> {
  const current = request.currentState?.partitions ?? request.partitions;
  const changes = Object.entries(request.configs).map(([name, value]) => ({ name, operation: 'set' as const, value }));
  // Both parts are checked before either is made, so a refusal changes nothing.
  if (request.partitions > current)
    await createPartitions(await ctx.clusters.client(request.clusterId), request.topicName, request.partitions, { validateOnly: true });
  if (changes.length > 0) {
    const check = await alterTopicConfigs({
      ctx,
      input: { clusterId: request.clusterId, name: request.topicName, changes, validateOnly: true },
    });
    if (!check.ok)
      throw new ValidationError(`The cluster refuses the configs: ${check.problems.map((problem) => problem.message).join(' ')}`);
    await alterTopicConfigs({ ctx, input: { clusterId: request.clusterId, name: request.topicName, changes } });
  }
  if (request.partitions > current)
    await addPartitions({ ctx, input: { clusterId: request.clusterId, name: request.topicName, totalPartitions: request.partitions } });
}
