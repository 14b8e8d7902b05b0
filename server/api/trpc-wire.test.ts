// What a browser gets over HTTP from the tRPC endpoint: dates as dates (superjson on both ends), and for an
// error the mapping does not recognise, a generic message with the request id, never the raw cause.
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { sql } from 'drizzle-orm';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../test-support/test-runtime.ts';
import { appRouter, type AppRouter } from './root.ts';
import type { TrpcContext } from './trpc.ts';

describe('the tRPC wire', () => {
  let runtime: TestRuntime;
  let requestCount = 0;

  /** A client whose requests go through the real fetch handler (no network), signed in as `actor`. */
  function clientAs(actor: TrpcContext['actor']) {
    return createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: 'http://127.0.0.1/api/trpc',
          transformer: superjson,
          fetch: async (url, init) =>
            fetchRequestHandler({
              endpoint: '/api/trpc',
              req: new Request(url, init as RequestInit),
              router: appRouter,
              createContext: (): TrpcContext => ({ runtime, actor, requestId: `wire-${++requestCount}`, clientAddress: '127.0.0.1' }),
            }),
        }),
      ],
    });
  }

  beforeAll(async () => {
    runtime = await createTestRuntime('pglite');
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('delivers audit and user timestamps as Date objects', async () => {
    const admin = clientAs(await runtime.actorAs('admin'));
    const before = Date.now();
    await admin.teams.create.mutate({ name: 'wire-dates', prefixes: ['wire.'] });
    const audit = await admin.audit.list.query({ action: 'team.create', from: new Date(before - 60_000) });
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].occurredAt).toBeInstanceOf(Date);
    expect(audit.rows[0].completedAt).toBeInstanceOf(Date);
    expect(audit.rows[0].occurredAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    const users = await admin.users.list.query();
    expect(users[0].createdAt).toBeInstanceOf(Date);
  });

  it('keeps the messages of known errors', async () => {
    const viewer = clientAs(await runtime.actorAs('viewer'));
    const refused = await viewer.users.list.query().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<AppRouter>).data?.code).toBe('FORBIDDEN');
    expect((refused as Error).message).toMatch(/needs the admin role/);
  });

  it('hides an unrecognised database error behind a generic message and logs it with the request id', async () => {
    const admin = clientAs(await runtime.actorAs('admin'));
    // A real database failure: the table the query reads is gone.
    await runtime.db.execute(sql`DROP TABLE team_prefixes`);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const failed = await admin.teams.list.query().catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(TRPCClientError);
      const message = (failed as Error).message;
      expect((failed as TRPCClientError<AppRouter>).data?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(message).toMatch(/^Something went wrong on the server \(request id wire-\d+\)/);
      expect(message).not.toMatch(/team_prefixes|relation|does not exist/);
      expect(JSON.stringify((failed as TRPCClientError<AppRouter>).data)).not.toMatch(/team_prefixes/);
      const requestId = /request id (wire-\d+)/.exec(message)![1];
      const lines = logged.mock.calls.map((call) =>
        call.map((part) => (part instanceof Error ? `${part.message} ${String(part.cause ?? '')}` : String(part))).join(' '),
      );
      expect(lines.some((line) => line.includes(requestId) && line.includes('teams.list') && /team_prefixes/.test(line))).toBe(true);
    } finally {
      logged.mockRestore();
    }
  });
});
