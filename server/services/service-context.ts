// What every service verb receives: who acts, from where, and the shared back-end parts. Every verb has one
// shape, `verb({ ctx, input })` (see README.md beside this file).
import type { z } from 'zod';
import type { Auth } from '../auth/create-auth.ts';
import type { Database } from '../db/database.ts';
import type { Role } from '../../domain/roles.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { ReplayRunner } from '../jobs/replay-runner.ts';
import type { ClusterRegistry } from './clusters/cluster-registry.ts';
import type { ScanRegistry } from './messages/scan-registry.ts';
import type { TailHub } from './messages/tail-hub.ts';
import type { WebhookDispatcher } from '../jobs/webhook-dispatcher.ts';

export interface Actor {
  userId: string;
  username: string;
  name: string;
  role: Role;
  teamId: string | null;
}

export interface ServiceContext {
  db: Database;
  auth: Auth;
  clusters: ClusterRegistry;
  /** Record searches running off the request path. */
  scans: ScanRegistry;
  /** Live tails: one shared fetch loop per watched topic. */
  tails: TailHub;
  /** Replay jobs of this process: verbs wake it after a start and stop a job on pause or cancel. */
  replays: Pick<ReplayRunner, 'wake' | 'stopJob' | 'isActive'>;
  secretBox: SecretBox;
  /** Queues webhook notifications and sends them off the request path. */
  webhooks: WebhookDispatcher;
  /** SAMSA_PUBLIC_URL: the base of deep links in notifications. */
  publicUrl: string;
  actor: Actor;
  requestId: string;
  clientAddress: string;
}

/**
 * The one argument of a verb with input: `{ ctx, input }`. `input` is what a caller may pass (the schema's
 * input side, defaults still optional); the verb parses it with its schema before anything else, so a job or
 * a test calling the verb directly gets the same checks as a tRPC request.
 */
export interface VerbArgs<Schema extends z.ZodType> {
  ctx: ServiceContext;
  input: z.input<Schema>;
}

/** The one argument of a verb without input: `{ ctx }`. */
export interface VerbContextArgs {
  ctx: ServiceContext;
}
