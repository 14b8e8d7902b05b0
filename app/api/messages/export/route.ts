// GET /api/messages/export?topic=<name>&cluster=<id>&<the browse query>[&exportId=<uuid>]: the records a search
// matches as a JSON Lines download, streamed; the page reads its progress with messages.scan under exportId.
// Not tRPC because a download is a plain HTTP response body; no logic here: the verb is
// server/services/messages/export-records.ts.
import { parseBrowseQuery, toSearchInput } from '@/app/(console)/topics/[topic]/messages/browse-query.ts';
import { createRequestContext, serviceContextOf } from '@/server/api/trpc.ts';
import { getConsoleRuntime } from '@/server/runtime/get-console-runtime.ts';
import { exportRecords } from '@/server/services/messages/export-records.ts';
import { exportErrorStatus } from '@/server/services/messages/export-error-status.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const runtime = await getConsoleRuntime();
  const context = await createRequestContext(runtime, request.headers);
  if (!context.actor) return new Response('Sign in first.\n', { status: 401 });
  const params = new URL(request.url).searchParams;
  const input = {
    ...toSearchInput(params.get('cluster') ?? 'built-in', params.get('topic') ?? '', parseBrowseQuery(params)),
    exportId: params.get('exportId') ?? undefined,
  };
  try {
    const { fileName, body, exportId } = await exportRecords({ ctx: serviceContextOf(context, context.actor), input });
    return new Response(body, {
      headers: {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'cache-control': 'no-store',
        // Its progress: messages.scan with this id.
        'x-samsa-export-id': exportId,
      },
    });
  } catch (error) {
    return new Response(`${error instanceof Error ? error.message : String(error)}\n`, { status: exportErrorStatus(error) });
  }
}
