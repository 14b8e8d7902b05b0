// What every service verb receives: who acts, from where, and the shared back-end parts.
import type { Auth } from '../auth/create-auth.ts';
import type { Database } from '../db/database.ts';
import type { Role } from '../db/schema/index.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { ClusterRegistry } from './clusters/cluster-registry.ts';
import type { ScanRegistry } from './messages/scan-registry.ts';

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
  secretBox: SecretBox;
  actor: Actor;
  requestId: string;
  clientAddress: string;
}
