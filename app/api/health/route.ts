// GET /api/health: 200 when the database and the built-in broker answer, 503 otherwise. Status words for
// anyone, details for signed-in operators (server/services/health/health-for-caller.ts).
import { randomUUID } from 'node:crypto';
import { healthForCaller } from '@/server/services/health/health-for-caller.ts';
import { getConsoleRuntime } from '@/server/runtime/get-console-runtime.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  try {
    const health = await healthForCaller(await getConsoleRuntime(), request.headers);
    return Response.json(health, { status: health.ok ? 200 : 503 });
  } catch (error) {
    const requestId = randomUUID();
    console.error(
      `Samsa health (request ${requestId}): the console could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    return Response.json({ ok: false, database: 'failing', broker: 'failing', requestId }, { status: 503 });
  }
}
