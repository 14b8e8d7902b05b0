// Topics: list, one topic's layout and configs, and the changes (create, delete, partitions, configs). Thin:
// each procedure names its least role and calls one verb; the verbs check team ownership for members.
import { addPartitions, AddPartitionsInput } from '../../services/topics/add-partitions.ts';
import { alterTopicConfigs, AlterTopicConfigsInput } from '../../services/topics/alter-topic-configs.ts';
import { checkNewTopic, createTopic, CreateTopicInput } from '../../services/topics/create-topic.ts';
import { deleteTopic, DeleteTopicInput } from '../../services/topics/delete-topic.ts';
import { getConfigCatalog } from '../../services/topics/get-config-catalog.ts';
import { getTopic, GetTopicInput } from '../../services/topics/get-topic.ts';
import { getTopicConfigs, GetTopicConfigsInput } from '../../services/topics/get-topic-configs.ts';
import { getTopicLimits, GetTopicLimitsInput } from '../../services/topics/get-topic-limits.ts';
import { listTopicConfigHistory, ListTopicConfigHistoryInput } from '../../services/topics/list-topic-config-history.ts';
import { listTopics, ListTopicsInput } from '../../services/topics/list-topics.ts';
import { createTRPCRouter, memberProcedure, viewerProcedure } from '../trpc.ts';

export const topicsRouter = createTRPCRouter({
  list: viewerProcedure.input(ListTopicsInput).query(({ ctx, input }) => listTopics({ ctx, input })),
  get: viewerProcedure.input(GetTopicInput).query(({ ctx, input }) => getTopic({ ctx, input })),
  configs: viewerProcedure.input(GetTopicConfigsInput).query(({ ctx, input }) => getTopicConfigs({ ctx, input })),
  configHistory: viewerProcedure.input(ListTopicConfigHistoryInput).query(({ ctx, input }) => listTopicConfigHistory({ ctx, input })),
  limits: viewerProcedure.input(GetTopicLimitsInput).query(({ ctx, input }) => getTopicLimits({ ctx, input })),
  /** The typed config descriptions and presets the forms are built from (static). */
  configCatalog: viewerProcedure.query(({ ctx }) => getConfigCatalog({ ctx })),
  check: memberProcedure.input(CreateTopicInput).mutation(({ ctx, input }) => checkNewTopic({ ctx, input })),
  create: memberProcedure.input(CreateTopicInput).mutation(({ ctx, input }) => createTopic({ ctx, input })),
  delete: memberProcedure.input(DeleteTopicInput).mutation(({ ctx, input }) => deleteTopic({ ctx, input })),
  addPartitions: memberProcedure.input(AddPartitionsInput).mutation(({ ctx, input }) => addPartitions({ ctx, input })),
  alterConfigs: memberProcedure.input(AlterTopicConfigsInput).mutation(({ ctx, input }) => alterTopicConfigs({ ctx, input })),
});
