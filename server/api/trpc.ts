/**
 * tRPC server set-up, in order:
 * 1. context: the runtime, the signed-in actor (or null), request id and client address
 * 2. initialisation: superjson (dates cross as dates), zod error formatting
 * 3. one error-mapping middleware: known error classes and the database's refusals of data (unique and
 *    foreign-key violations...) -> tRPC codes, in this one place; anything else is logged with the request
 *    id and reaches the client as a generic message
 * 4. procedure tiers named after the least role they need; each narrows ctx to a ServiceContext
 */
import { randomUUID } from 'node:crypto';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z } from 'zod';
import { hasRole, type Role } from '../../domain/roles.ts';
import { ClusterError, UnsupportedByClusterError } from '../kafka/cluster-error.ts';
import { databaseRefusalOf, type DatabaseRefusalKind } from '../db/database-refusal.ts';
import { clientAddressOf } from '../http/client-address.ts';
import type { ConsoleRuntime } from '../runtime/console-runtime.ts';
import type { Actor, ServiceContext } from '../services/service-context.ts';
import {
  AuditUnavailableError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TooManyAttemptsError,
  ValidationError,
} from '../services/service-error.ts';

// 1. Context
export interface TrpcContext {
  runtime: ConsoleRuntime;
  actor: Actor | null;
  requestId: string;
  clientAddress: string;
}

export async function createRequestContext(runtime: ConsoleRuntime, headers: Headers): Promise<TrpcContext> {
  const session = await runtime.auth.api.getSession({ headers });
  const user = session?.user as (typeof session extends null ? never : Record<string, unknown>) | undefined;
  const actor: Actor | null = user
    ? {
        userId: String(user.id),
        username: String(user.username ?? user.email),
        name: String(user.name),
        role: (user.role as Role | undefined) ?? 'viewer',
        teamId: (user.teamId as string | null | undefined) ?? null,
      }
    : null;
  // The request id is ours, never the client's: it ties audit records to server log lines.
  return { runtime, actor, requestId: randomUUID(), clientAddress: clientAddressOf(headers) };
}

// 2. Initialisation
const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx, path }) {
    // Errors raised before the procedure's middleware runs (e.g. while reading the session) never passed the
    // mapping below; they are hidden the same way. The mapping's own generic errors carry no cause.
    if (error.code === 'INTERNAL_SERVER_ERROR' && error.cause !== undefined) {
      const requestId = ctx?.requestId ?? 'unknown';
      console.error(`request ${requestId}: ${path ?? 'tRPC'} failed unexpectedly:`, error.cause);
      return { ...shape, message: unexpectedErrorMessage(requestId), data: { ...shape.data, stack: undefined, zodError: null } };
    }
    return { ...shape, data: { ...shape.data, zodError: error.cause instanceof z.ZodError ? z.flattenError(error.cause) : null } };
  },
});

export const createTRPCRouter = t.router;
/** Marks a subscription event with an id the SSE client sends back on reconnect (the live tail's position). */
export { tracked } from '@trpc/server';
export const createCallerFactory = t.createCallerFactory;

// 3. Error mapping
const knownErrorCodes: [new (...args: never[]) => Error, TRPCError['code']][] = [
  // A verb parses its input itself (see services/README.md); a bad input is the caller's mistake.
  [z.ZodError, 'BAD_REQUEST'],
  [NotFoundError, 'NOT_FOUND'],
  [ConflictError, 'CONFLICT'],
  [ValidationError, 'BAD_REQUEST'],
  [ForbiddenError, 'FORBIDDEN'],
  [AuditUnavailableError, 'SERVICE_UNAVAILABLE'],
  [UnsupportedByClusterError, 'NOT_IMPLEMENTED'],
  [ClusterError, 'BAD_GATEWAY'],
  [TooManyAttemptsError, 'TOO_MANY_REQUESTS'],
];

const REFUSAL_CODES: Record<DatabaseRefusalKind, TRPCError['code']> = {
  conflict: 'CONFLICT',
  'missing-reference': 'NOT_FOUND',
  'invalid-value': 'BAD_REQUEST',
};

const errorMapping = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  for (const [errorClass, code] of knownErrorCodes) {
    if (cause instanceof errorClass) throw new TRPCError({ code, message: cause.message, cause });
  }
  // The database refusing the data (a duplicate, a reference to a deleted row, a value it cannot store),
  // wherever in a verb it happens: the client gets the refusal in words, the log the SQLSTATE and constraint.
  const refusal = databaseRefusalOf(cause);
  if (refusal) {
    console.warn(`request ${ctx.requestId}: ${path}: the database refused the data: ${refusal.code} ${refusal.constraint ?? ''}`.trimEnd());
    throw new TRPCError({ code: REFUSAL_CODES[refusal.kind], message: refusal.message });
  }
  // TRPCErrors thrown on purpose (sign-in, role, input checks) carry their own code and message.
  if (result.error.code !== 'INTERNAL_SERVER_ERROR') return result;
  throw unexpectedError(ctx.requestId, path, cause ?? result.error);
});

/**
 * An error nothing above recognises (a database, library or programming error): its message may hold SQL,
 * paths or secrets, so the client gets only the request id, and the server log the whole error under it.
 */
function unexpectedError(requestId: string, path: string, error: unknown): TRPCError {
  console.error(`request ${requestId}: ${path} failed unexpectedly:`, error);
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: unexpectedErrorMessage(requestId) });
}

export function unexpectedErrorMessage(requestId: string): string {
  return `Something went wrong on the server (request id ${requestId}). The details are in the server log.`;
}

// 4. Procedure tiers
export const publicProcedure = t.procedure.use(errorMapping);

function procedureFor(least: Role) {
  return publicProcedure.use(({ ctx, next }) => {
    if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
    if (!hasRole(ctx.actor.role, least))
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${least} role; you are ${ctx.actor.role}.` });
    return next({ ctx: serviceContextOf(ctx, ctx.actor) });
  });
}

/** What services get: the shared parts plus who acts. Also used by the one non-tRPC route (record export). */
export function serviceContextOf(ctx: TrpcContext, actor: Actor): ServiceContext {
  const { runtime } = ctx;
  return {
    db: runtime.db,
    auth: runtime.auth,
    clusters: runtime.clusters,
    scans: runtime.scans,
    tails: runtime.tails,
    replays: runtime.replays,
    secretBox: runtime.secretBox,
    webhooks: runtime.webhooks,
    publicUrl: runtime.config.publicUrl,
    actor,
    requestId: ctx.requestId,
    clientAddress: ctx.clientAddress,
  };
}

/** Read-only pages: every signed-in user. */
export const viewerProcedure = procedureFor('viewer');
/** Own team's topics and requests. */
export const memberProcedure = procedureFor('member');
/** Cluster changes and approvals. */
export const operatorProcedure = procedureFor('operator');
/** Users, teams, clusters. */
export const adminProcedure = procedureFor('admin');
