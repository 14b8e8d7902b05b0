// tRPC over HTTP. No logic here: the router and context live in server/api.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root.ts';
import { createRequestContext } from '@/server/api/trpc.ts';
import { getConsoleRuntime } from '@/server/runtime/get-console-runtime.ts';

export const dynamic = 'force-dynamic';

async function handler(request: Request): Promise<Response> {
  const runtime = await getConsoleRuntime();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createRequestContext(runtime, request.headers),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path}: ${error.message}`, error.cause);
    },
  });
}

export { handler as GET, handler as POST };
