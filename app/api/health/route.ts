// GET /api/health: 200 when the database and the built-in broker answer, 503 otherwise, with details.
import { checkHealth } from '@/server/services/health/check-health.ts';
import { getConsoleRuntime } from '@/server/runtime/get-console-runtime.ts';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    const health = await checkHealth(await getConsoleRuntime());
    return Response.json(health, { status: health.ok ? 200 : 503 });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Response.json({ ok: false, database: { ok: false, detail }, broker: { ok: false, detail: 'console not started' } }, { status: 503 });
  }
}
