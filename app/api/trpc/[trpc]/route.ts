// tRPC over HTTP. No logic here: the router and context live in server/api.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { refuseForeignMutation } from '@/server/api/mutation-guard.ts';
import { appRouter } from '@/server/api/root.ts';
import { createRequestContext } from '@/server/api/trpc.ts';
import { BodyTooLargeError, bodyTooLargeResponse, withCappedBody } from '@/server/http/request-body-limit.ts';
import { getConsoleRuntime } from '@/server/runtime/get-console-runtime.ts';

export const dynamic = 'force-dynamic';

async function handler(incoming: Request): Promise<Response> {
  const runtime = await getConsoleRuntime();
  const refused = refuseForeignMutation(incoming, runtime.trustedOrigins);
  if (refused) return refused;
  let request: Request;
  try {
    request = await withCappedBody(incoming, runtime.config.maxRequestBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return bodyTooLargeResponse(error);
    throw error;
  }
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
