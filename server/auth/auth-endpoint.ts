// The only door to better-auth from HTTP (app/api/auth/[...all]/route.ts). Three endpoints stay reachable:
// sign-in with username, sign-out and get-session. Everything else better-auth offers (change-password,
// update-user, is-username-available, sessions, ...) answers 404: those features are tRPC verbs with roles,
// limits and audit-or-refuse (server/services/users/). Session tokens live in the httpOnly cookie only: they
// are taken out of the JSON bodies so page scripts never see one.
import { clientAddressHeader, clientAddressOf } from '../http/client-address.ts';
import { signIn, type SignInParts } from './sign-in.ts';

const authBasePath = '/api/auth';

const reachable: Record<string, 'GET' | 'POST'> = {
  '/sign-in/username': 'POST',
  '/sign-out': 'POST',
  '/get-session': 'GET',
};

export async function handleAuthRequest(parts: SignInParts, request: Request): Promise<Response> {
  const pathname = new URL(request.url).pathname;
  const path = pathname.startsWith(`${authBasePath}/`) ? pathname.slice(authBasePath.length) : pathname;
  const method = reachable[path];
  if (!method) {
    return Response.json({ message: `${pathname} is not available; account changes are made in the console.` }, { status: 404 });
  }
  if (request.method !== method)
    return Response.json({ message: `${path} takes ${method} only.` }, { status: 405, headers: { allow: method } });
  const clientAddress = clientAddressOf(request.headers);
  const response =
    path === '/sign-in/username'
      ? await signIn(parts, request, clientAddress)
      : await parts.auth.handler(withAddress(request, clientAddress));
  return withoutSessionTokens(response);
}

/** Any copy of our address header the client sent is replaced by the resolved address. */
function withAddress(request: Request, clientAddress: string): Request {
  const headers = new Headers(request.headers);
  headers.set(clientAddressHeader, clientAddress);
  return new Request(request, { headers });
}

/** Removes `token` (sign-in) and `session.token` (get-session) from a JSON body; other bodies pass as they are. */
async function withoutSessionTokens(response: Response): Promise<Response> {
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return response;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, response);
  }
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    delete record.token;
    if (record.session && typeof record.session === 'object') delete (record.session as Record<string, unknown>).token;
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers });
}
