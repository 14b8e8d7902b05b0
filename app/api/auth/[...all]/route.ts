// better-auth under /api/auth: only sign-in, sign-out and session (server/auth/auth-endpoint.ts decides).
import { handleAuthRequest } from '@/server/auth/auth-endpoint.ts';
import { BodyTooLargeError, bodyTooLargeResponse, withCappedBody } from '@/server/http/request-body-limit.ts';
import { getConsoleRuntime } from '@/server/runtime/get-console-runtime.ts';

export const dynamic = 'force-dynamic';

async function handler(request: Request): Promise<Response> {
  const runtime = await getConsoleRuntime();
  try {
    return await handleAuthRequest(runtime, await withCappedBody(request, runtime.config.maxRequestBodyBytes));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return bodyTooLargeResponse(error);
    throw error;
  }
}

export { handler as GET, handler as POST };
