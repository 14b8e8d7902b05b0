// Fresh, migrated databases for tests: an in-memory PGlite, and a new database on the real Postgres server
// (DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432) that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateDatabase } from '../db/migrate-database.ts';

export const databaseKinds = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof databaseKinds)[number];

export interface TestDatabase extends DatabaseHandle {
  /** Closes and, for Postgres, drops the database. */
  dispose(): Promise<void>;
  /** The Postgres database's URL, for another process (a console under test); null for PGlite in memory. */
  url: string | null;
}

const defaultServerUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ databaseUrl: undefined, dataDir: 'memory' });
    await migrateDatabase(handle);
    return { ...handle, url: null, dispose: () => handle.close() };
  }
  const serverUrl = new URL(process.env.DATABASE_URL ?? defaultServerUrl);
  const name = `samsa_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: databaseUrl.toString(), dataDir: 'memory' });
  await migrateDatabase(handle);
  return {
    ...handle,
    url: databaseUrl.toString(),
    dispose: async () => {
      await handle.close();
      await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdminClient(serverUrl: URL, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl.toString() });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
