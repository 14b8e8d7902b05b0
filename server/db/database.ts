// The drizzle client: Postgres through a pg Pool when DATABASE_URL is set, else PGlite stored under the data dir.
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { makeOwnerOnlyDirectory, restrictTreeToOwner } from './owner-only-files.ts';
import * as schema from './schema/index.ts';

export type DatabaseSchema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, DatabaseSchema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** A trivial round trip: health checks call it. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl: string | undefined;
  /** PGlite keeps its files in `${dataDir}/pglite`; 'memory' keeps nothing (tests). */
  dataDir: string | 'memory';
}

/** The pool stays small: the console is one process and most pages issue one or two queries. */
const maxPoolConnections = 10;

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir);
}

async function openPostgres(databaseUrl: string): Promise<DatabaseHandle> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new Pool({ connectionString: databaseUrl, max: maxPoolConnections });
  // An idle client losing its connection must not crash the process; the next query reports the error.
  pool.on('error', (error) => console.error(`postgres pool: ${error.message}`));
  const db = drizzle(pool, { schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let client;
  const directory = dataDir === 'memory' ? null : path.join(dataDir, 'pglite');
  if (directory) {
    await makeOwnerOnlyDirectory(directory);
    client = new PGlite(directory);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  if (directory) await restrictTreeToOwner(directory);
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      await client.close();
      if (directory) await restrictTreeToOwner(directory);
    },
  };
}
