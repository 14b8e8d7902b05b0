// better-auth's endpoints (sign-in, sign-out, session) under /api/auth.
import { getConsoleRuntime } from '@/server/runtime/get-console-runtime.ts';

export const dynamic = 'force-dynamic';

async function handler(request: Request): Promise<Response> {
  const runtime = await getConsoleRuntime();
  return runtime.auth.handler(request);
}

export { handler as GET, handler as POST };
