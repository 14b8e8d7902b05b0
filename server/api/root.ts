// The whole API. app/ imports only the AppRouter type.
import { alertsRouter } from './routers/alerts.ts';
import { auditRouter } from './routers/audit.ts';
import { clustersRouter } from './routers/clusters.ts';
import { groupsRouter } from './routers/groups.ts';
import { lagHistoryRouter } from './routers/lag-history.ts';
import { messagesRouter } from './routers/messages.ts';
import { replaysRouter } from './routers/replays.ts';
import { notificationsRouter } from './routers/notifications.ts';
import { sessionRouter } from './routers/session.ts';
import { teamsRouter } from './routers/teams.ts';
import { topicPoliciesRouter } from './routers/topic-policies.ts';
import { topicRequestsRouter } from './routers/topic-requests.ts';
import { topicsRouter } from './routers/topics.ts';
import { usersRouter } from './routers/users.ts';
import { webhooksRouter } from './routers/webhooks.ts';
import { createCallerFactory, createTRPCRouter } from './trpc.ts';

export const appRouter = createTRPCRouter({
  session: sessionRouter,
  clusters: clustersRouter,
  topics: topicsRouter,
  messages: messagesRouter,
  groups: groupsRouter,
  lagHistory: lagHistoryRouter,
  replays: replaysRouter,
  audit: auditRouter,
  users: usersRouter,
  teams: teamsRouter,
  webhooks: webhooksRouter,
  topicPolicies: topicPoliciesRouter,
  topicRequests: topicRequestsRouter,
  notifications: notificationsRouter,
  alerts: alertsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
