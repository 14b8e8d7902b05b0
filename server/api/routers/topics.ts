import { z } from 'zod';
import { createTopic, NewTopicInput } from '../../services/topics/create-topic.ts';
import { deleteTopic } from '../../services/topics/delete-topic.ts';
import { listTopics, TopicListQuery } from '../../services/topics/list-topics.ts';
import { createTRPCRouter, memberProcedure, viewerProcedure } from '../trpc.ts';

export const topicsRouter = createTRPCRouter({
  list: viewerProcedure.input(TopicListQuery).query(({ ctx, input }) => listTopics(ctx.clusters, input)),
  create: memberProcedure.input(NewTopicInput).mutation(({ ctx, input }) => createTopic(ctx, input)),
  delete: memberProcedure
    .input(z.object({ clusterId: z.string().min(1), name: z.string().min(1).max(249) }))
    .mutation(({ ctx, input }) => deleteTopic(ctx, input.clusterId, input.name)),
});
