// Webhook destinations and their delivery log. Everyone signed in reads; operators and admins change and test.
import { createWebhook, CreateWebhookInput } from '../../services/webhooks/create-webhook.ts';
import { deleteWebhook, DeleteWebhookInput } from '../../services/webhooks/delete-webhook.ts';
import { listWebhookDeliveries, ListWebhookDeliveriesInput } from '../../services/webhooks/list-webhook-deliveries.ts';
import { listWebhooks } from '../../services/webhooks/list-webhooks.ts';
import { testWebhook, TestWebhookInput } from '../../services/webhooks/test-webhook.ts';
import { updateWebhook, UpdateWebhookInput } from '../../services/webhooks/update-webhook.ts';
import { createTRPCRouter, operatorProcedure, viewerProcedure } from '../trpc.ts';

export const webhooksRouter = createTRPCRouter({
  list: viewerProcedure.query(({ ctx }) => listWebhooks({ ctx })),
  listDeliveries: viewerProcedure.input(ListWebhookDeliveriesInput).query(({ ctx, input }) => listWebhookDeliveries({ ctx, input })),
  create: operatorProcedure.input(CreateWebhookInput).mutation(({ ctx, input }) => createWebhook({ ctx, input })),
  update: operatorProcedure.input(UpdateWebhookInput).mutation(({ ctx, input }) => updateWebhook({ ctx, input })),
  delete: operatorProcedure.input(DeleteWebhookInput).mutation(({ ctx, input }) => deleteWebhook({ ctx, input })),
  /** Queues a test notification; returns its delivery id. */
  test: operatorProcedure.input(TestWebhookInput).mutation(({ ctx, input }) => testWebhook({ ctx, input })),
});
