// Topic requests: members ask for topics and changes for their team; operators and admins (not the
// requester) approve or reject; provisioning follows approval. Thin: each procedure names its least role.
import { approveTopicRequest, ApproveTopicRequestInput } from '../../services/topic-requests/approve-topic-request.ts';
import { cancelTopicRequest, CancelTopicRequestInput } from '../../services/topic-requests/cancel-topic-request.ts';
import { createTopicChangeRequest, CreateTopicChangeRequestInput } from '../../services/topic-requests/create-topic-change-request.ts';
import { checkTopicRequest, createTopicRequest, CreateTopicRequestInput } from '../../services/topic-requests/create-topic-request.ts';
import { getTopicRequest, GetTopicRequestInput } from '../../services/topic-requests/get-topic-request.ts';
import { listTopicRequests, ListTopicRequestsInput } from '../../services/topic-requests/list-topic-requests.ts';
import { rejectTopicRequest, RejectTopicRequestInput } from '../../services/topic-requests/reject-topic-request.ts';
import { retryTopicRequest, RetryTopicRequestInput } from '../../services/topic-requests/retry-topic-request.ts';
import { createTRPCRouter, memberProcedure, operatorProcedure } from '../trpc.ts';

export const topicRequestsRouter = createTRPCRouter({
  list: memberProcedure.input(ListTopicRequestsInput).query(({ ctx, input }) => listTopicRequests({ ctx, input })),
  get: memberProcedure.input(GetTopicRequestInput).query(({ ctx, input }) => getTopicRequest({ ctx, input })),
  /** The verdict as the form is filled; changes nothing. */
  check: memberProcedure.input(CreateTopicRequestInput).query(({ ctx, input }) => checkTopicRequest({ ctx, input })),
  create: memberProcedure.input(CreateTopicRequestInput).mutation(({ ctx, input }) => createTopicRequest({ ctx, input })),
  createChange: memberProcedure.input(CreateTopicChangeRequestInput).mutation(({ ctx, input }) => createTopicChangeRequest({ ctx, input })),
  cancel: memberProcedure.input(CancelTopicRequestInput).mutation(({ ctx, input }) => cancelTopicRequest({ ctx, input })),
  approve: operatorProcedure.input(ApproveTopicRequestInput).mutation(({ ctx, input }) => approveTopicRequest({ ctx, input })),
  reject: operatorProcedure.input(RejectTopicRequestInput).mutation(({ ctx, input }) => rejectTopicRequest({ ctx, input })),
  retry: operatorProcedure.input(RetryTopicRequestInput).mutation(({ ctx, input }) => retryTopicRequest({ ctx, input })),
});
