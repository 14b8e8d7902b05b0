// What /api/health tells whom. Anyone (load balancers, uptime probes) gets status words: ok or failing per
// component. The details (error messages, addresses, offsets) can name hosts, SQL statements and parameters,
// so only a signed-in operator or admin sees them.
import { hasRole, type Role } from '../../../domain/roles.ts';
import type { ConsoleRuntime } from '../../runtime/console-runtime.ts';
import { checkHealth, type Health } from './check-health.ts';

export type HealthWords = { ok: boolean } & Record<string, 'ok' | 'failing' | boolean>;

/** Each component (a field with an `ok`) as one word; nothing else. */
export function healthWords(health: Health): HealthWords {
  const words: HealthWords = { ok: health.ok };
  for (const [name, value] of Object.entries(health)) {
    if (value && typeof value === 'object' && 'ok' in value) words[name] = value.ok ? 'ok' : 'failing';
  }
  return words;
}

export async function mayReadHealthDetails(runtime: Pick<ConsoleRuntime, 'auth'>, headers: Headers): Promise<boolean> {
  try {
    const session = await runtime.auth.api.getSession({ headers });
    const role = (session?.user as { role?: Role } | undefined)?.role;
    return role !== undefined && hasRole(role, 'operator');
  } catch {
    // No database, no session check: the caller gets the words, which say the database is failing.
    return false;
  }
}

export async function healthForCaller(runtime: ConsoleRuntime, headers: Headers): Promise<Health | HealthWords> {
  const health = await checkHealth(runtime);
  return (await mayReadHealthDetails(runtime, headers)) ? health : healthWords(health);
}
