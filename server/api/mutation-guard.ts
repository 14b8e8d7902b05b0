// tRPC mutations (POST) are accepted only as application/json from the console's own origin: a form post or a
// page on another origin never reaches a procedure, whatever cookies the browser attaches. Browsers always send
// Origin on a POST; a request without one (curl, scripts) must name the console's origin like a browser would.
// Queries (GET) change nothing and pass.

export function refuseForeignMutation(request: Request, allowedOrigins: readonly string[]): Response | null {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  const contentType = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== 'application/json') {
    return refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'Changes are accepted as application/json only.');
  }
  const origin = request.headers.get('origin');
  if (!origin || !allowedOrigins.includes(origin)) {
    return refusal(
      403,
      'FORBIDDEN',
      `Changes are accepted only from the console's own origin (${allowedOrigins[0]}), not from ${origin ?? 'a request without Origin'}.`,
    );
  }
  return null;
}

function refusal(status: number, code: string, message: string): Response {
  return Response.json({ error: { message, code } }, { status });
}
