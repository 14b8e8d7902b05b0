// Topic policies: everyone reads the rules; admins set and remove them.
import { deleteTopicPolicy, DeleteTopicPolicyInput } from '../../services/topic-policies/delete-topic-policy.ts';
import { listTopicPolicies } from '../../services/topic-policies/list-topic-policies.ts';
import { setTopicPolicy, SetTopicPolicyInput } from '../../services/topic-policies/set-topic-policy.ts';
import { adminProcedure, createTRPCRouter, viewerProcedure } from '../trpc.ts';

export const topicPoliciesRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listTopicPolicies({ ctx })),
  set: adminProcedure.input(SetTopicPolicyInput).mutation(({ ctx, input }) => setTopicPolicy({ ctx, input })),
  delete: adminProcedure.input(DeleteTopicPolicyInput).mutation(({ ctx, input }) => deleteTopicPolicy({ ctx, input })),
});
