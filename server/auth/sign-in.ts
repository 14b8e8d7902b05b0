// Sign-in with username and password, in front of better-auth's /sign-in/username. Adds what better-auth
// cannot know: the client address as scripts/start.ts resolved it (never a header the client wrote), a limit
// per address and an exponential backoff per account (sign-in-backoff.ts), and an audit record of every
// attempt that reaches the password check, with username and address (audit-or-refuse: if the record cannot
// be written, nobody signs in). Failures are also logged with both. Refused (rate-limited) attempts are
// logged, not audited, so a flood cannot fill the audit log.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { users } from '../db/schema/index.ts';
import { clientAddressHeader } from '../http/client-address.ts';
import { readBodyCapped } from '../http/request-body-limit.ts';
import { recordChange } from '../services/audit/record-change.ts';
import { withoutControlCharacters } from '../services/control-characters.ts';
import { AuditUnavailableError } from '../services/service-error.ts';
import { AttemptLimiter } from '../services/users/attempt-limiter.ts';
import type { Auth } from './create-auth.ts';
import { SignInBackoff } from './sign-in-backoff.ts';

/** A sign-in body is a username and a password; anything bigger is not a sign-in. */
const maxSignInBodyBytes = 16 * 1024;

export const SignInBody = z.object({
  username: withoutControlCharacters(z.string().trim().min(1).max(100)),
  password: z.string().min(1).max(128),
  rememberMe: z.boolean().optional(),
});
export type SignInBody = z.infer<typeof SignInBody>;

export interface SignInLimits {
  perAddress: AttemptLimiter;
  perAccount: SignInBackoff;
}

export function createSignInLimits(attemptsPerMinute: number): SignInLimits {
  return {
    perAddress: new AttemptLimiter({ maxAttempts: attemptsPerMinute, windowMs: 60_000, maxKeys: 10_000 }),
    perAccount: new SignInBackoff(),
  };
}

export interface SignInParts {
  auth: Auth;
  db: Database;
  signInLimits: SignInLimits;
}

class SignInRefused extends Error {
  readonly response: Response;

  constructor(message: string, response: Response) {
    super(message);
    this.response = response;
  }
}

export async function signIn(parts: SignInParts, request: Request, clientAddress: string): Promise<Response> {
  const parsed = SignInBody.safeParse(await readJson(request));
  if (!parsed.success) return message(400, 'A sign-in needs a username and a password (JSON).');
  const account = parsed.data.username.toLowerCase();
  const byAddress = parts.signInLimits.perAddress.tryAttempt(clientAddress);
  const byAccount = byAddress.allowed ? parts.signInLimits.perAccount.check(account) : byAddress;
  if (!byAddress.allowed || !byAccount.allowed) {
    const retryAfterMs = byAddress.allowed ? (byAccount as { retryAfterMs: number }).retryAfterMs : byAddress.retryAfterMs;
    const reason = byAddress.allowed ? 'too many failed sign-ins for this account' : 'too many sign-ins from this address';
    console.warn(`Samsa sign-in refused (${reason}): account "${account}" from ${clientAddress}`);
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return message(429, `Too many sign-in attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, {
      'retry-after': String(seconds),
    });
  }
  const requestId = randomUUID();
  const [user] = await parts.db.select({ id: users.id, role: users.role }).from(users).where(eq(users.username, account)).limit(1);
  const actor = { userId: user?.id ?? null, username: account, role: user?.role ?? 'anonymous' };
  try {
    const response = await recordChange(
      { db: parts.db, actor, requestId, clientAddress },
      { action: 'user.signIn', resourceType: 'user', resourceName: account },
      async () => {
        const answer = await parts.auth.handler(forwardedSignIn(request, parsed.data, clientAddress));
        if (!answer.ok)
          throw new SignInRefused(answer.status === 401 ? 'Wrong username or password.' : `Sign-in failed (${answer.status}).`, answer);
        return { result: answer };
      },
    );
    parts.signInLimits.perAccount.recordSuccess(account);
    return response;
  } catch (error) {
    if (error instanceof SignInRefused) {
      parts.signInLimits.perAccount.recordFailure(account);
      console.warn(`Samsa sign-in failed: account "${account}" from ${clientAddress} (${error.message}, request ${requestId})`);
      return error.response;
    }
    if (error instanceof AuditUnavailableError) {
      console.error(`Samsa sign-in refused, audit log not writable: account "${account}" from ${clientAddress}: ${error.message}`);
      return message(503, 'Sign-in is unavailable: the audit log could not be written.');
    }
    throw error;
  }
}

async function readJson(request: Request): Promise<unknown> {
  try {
    return JSON.parse(new TextDecoder().decode(await readBodyCapped(request, maxSignInBodyBytes)));
  } catch {
    return undefined;
  }
}

/** The request better-auth sees: only the validated fields, and the resolved address in our own header. */
function forwardedSignIn(request: Request, body: SignInBody, clientAddress: string): Request {
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  headers.set('content-type', 'application/json');
  headers.set(clientAddressHeader, clientAddress);
  return new Request(request.url, { method: 'POST', headers, body: JSON.stringify(body) });
}

function message(status: number, text: string, headers: Record<string, string> = {}): Response {
  return Response.json({ message: text }, { status, headers });
}
