// Request bodies are read with a byte cap, so one request cannot make the server buffer an unbounded body.
// scripts/start.ts refuses a declared Content-Length over the cap before Next reads anything; this cap holds
// for bodies without one (chunked) and for any server in front of the route handlers.

/** SAMSA_MAX_REQUEST_BODY_BYTES' default: tRPC inputs are small JSON documents. */
export const defaultMaxRequestBodyBytes = 1024 * 1024;

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes.`);
    this.maxBytes = maxBytes;
  }
}

/** Reads the whole body, stopping (and cancelling the stream) as soon as it passes `maxBytes`. */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let totalBytes = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    totalBytes += value.byteLength;
    if (totalBytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The same request with its body read (capped) into memory; GET/HEAD pass through untouched. */
export async function withCappedBody(request: Request, maxBytes: number): Promise<Request> {
  if (request.method === 'GET' || request.method === 'HEAD') return request;
  const body = await readBodyCapped(request, maxBytes);
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
}

export function bodyTooLargeResponse(error: BodyTooLargeError): Response {
  return Response.json({ error: { message: error.message, code: 'PAYLOAD_TOO_LARGE' } }, { status: 413 });
}
