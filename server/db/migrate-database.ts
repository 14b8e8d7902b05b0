// Applies the committed drizzle-kit migrations (drizzle/) at start; already-applied ones are skipped.
import path from 'node:path';
import type { DatabaseHandle } from './database.ts';

export function defaultMigrationsFolder(): string {
  return path.join(process.cwd(), 'drizzle');
}

export async function migrateDatabase(handle: DatabaseHandle, migrationsFolder = defaultMigrationsFolder()): Promise<void> {
  if (handle.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(handle.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder });
  }
}
