// The broker's users: per user and SCRAM mechanism a salt, iteration count, stored key and server key
// (never a password or salted password), kept in <dataDir>/scram-credentials, rewritten whole and
// crash-safely (temp file, fsync, rename, CRC) on every change. Changes apply in memory at once, so
// requests see them in request order, and resolve once they are durable.

import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readChecksummedFile, writeChecksummedFile } from '../log/checksummed-file.ts';
import { nodeFileSystem, type FileSystem } from '../log/file-system.ts';
import {
  MIN_SCRAM_ITERATIONS,
  SCRAM_MECHANISMS,
  credentialFromPassword,
  passwordMatches,
  scramMechanismByName,
  type ScramCredential,
  type ScramMechanism,
  type ScramMechanismName,
} from './scram-mechanism.ts';

export const SCRAM_CREDENTIALS_FILE = 'scram-credentials';
/** Bound on stored users: the whole set is rewritten on each change. */
export const MAX_SCRAM_USERS = 10_000;
const SALT_BYTES = 32;

export type CredentialChange =
  | { kind: 'upsert'; user: string; mechanism: ScramMechanism; credential: ScramCredential }
  | { kind: 'delete'; user: string; mechanism: ScramMechanism };

interface StoredCredential {
  salt: string;
  iterations: number;
  storedKey: string;
  serverKey: string;
}

type StoredFile = { version: 1; users: Record<string, Partial<Record<ScramMechanismName, StoredCredential>>> };

export class ScramCredentialStore {
  private readonly users = new Map<string, Map<ScramMechanismName, ScramCredential>>();
  private readonly filePath: string;
  private readonly fs: FileSystem;
  private writing: Promise<void> = Promise.resolve();

  private constructor(filePath: string, fs: FileSystem) {
    this.filePath = filePath;
    this.fs = fs;
  }

  static async open(dataDir: string, fs: FileSystem = nodeFileSystem): Promise<ScramCredentialStore> {
    const store = new ScramCredentialStore(path.join(dataDir, SCRAM_CREDENTIALS_FILE), fs);
    const body = await readChecksummedFile(fs, store.filePath);
    if (body !== null) store.load(JSON.parse(body.toString('utf8')) as StoredFile);
    else if ((await fs.readFile(store.filePath)) !== null)
      throw new Error(`${store.filePath} fails its checksum; refusing to start without the users`);
    return store;
  }

  get userCount(): number {
    return this.users.size;
  }

  userNames(): string[] {
    return [...this.users.keys()].sort();
  }

  lookup(user: string, mechanism: ScramMechanism): ScramCredential | undefined {
    return this.users.get(user)?.get(mechanism.name);
  }

  /** The mechanisms and iteration counts a user has credentials for (what DescribeUserScramCredentials shows). */
  credentialsOf(user: string): Array<{ mechanism: ScramMechanism; iterations: number }> | undefined {
    const credentials = this.users.get(user);
    if (credentials === undefined) return undefined;
    return SCRAM_MECHANISMS.filter((mechanism) => credentials.has(mechanism.name)).map((mechanism) => ({
      mechanism,
      iterations: credentials.get(mechanism.name)!.iterations,
    }));
  }

  /** PLAIN: the password is right if it derives any of the user's SCRAM credentials. */
  checkPassword(user: string, password: string): boolean {
    const credentials = this.users.get(user);
    if (credentials === undefined) return false;
    for (const mechanism of SCRAM_MECHANISMS) {
      const credential = credentials.get(mechanism.name);
      if (credential !== undefined) return passwordMatches(mechanism, credential, password);
    }
    return false;
  }

  /** Applies the changes now (in memory) and resolves when they are on disk. */
  apply(changes: readonly CredentialChange[]): Promise<void> {
    for (const change of changes) {
      if (change.kind === 'upsert') {
        if (!this.users.has(change.user) && this.users.size >= MAX_SCRAM_USERS) throw new Error(`at most ${MAX_SCRAM_USERS} users`);
        const credentials = this.users.get(change.user) ?? new Map<ScramMechanismName, ScramCredential>();
        credentials.set(change.mechanism.name, change.credential);
        this.users.set(change.user, credentials);
      } else {
        const credentials = this.users.get(change.user);
        credentials?.delete(change.mechanism.name);
        if (credentials?.size === 0) this.users.delete(change.user);
      }
    }
    // Each write serializes the state as it is when the write starts, so it includes every earlier change.
    this.writing = this.writing.catch(() => undefined).then(() => writeChecksummedFile(this.fs, this.filePath, this.serialize()));
    return this.writing;
  }

  /**
   * Makes sure `user` can log in with `password` under every SCRAM mechanism (the operator's initial users
   * from flags): credentials that already match are kept, so restarts do not rewrite the file.
   */
  async ensureUser(user: string, password: string, iterations = MIN_SCRAM_ITERATIONS): Promise<void> {
    if (user === '' || password === '') throw new Error('a SASL user needs a non-empty name and password');
    const changes: CredentialChange[] = [];
    for (const mechanism of SCRAM_MECHANISMS) {
      const existing = this.lookup(user, mechanism);
      if (existing !== undefined && passwordMatches(mechanism, existing, password)) continue;
      changes.push({
        kind: 'upsert',
        user,
        mechanism,
        credential: credentialFromPassword(mechanism, password, randomBytes(SALT_BYTES), iterations),
      });
    }
    if (changes.length > 0) await this.apply(changes);
  }

  /** Waits for pending writes (broker shutdown). */
  async flush(): Promise<void> {
    await this.writing.catch(() => undefined);
  }

  private load(file: StoredFile): void {
    if (file.version !== 1) throw new Error(`unknown ${SCRAM_CREDENTIALS_FILE} version ${String(file.version)}`);
    for (const [user, byMechanism] of Object.entries(file.users).slice(0, MAX_SCRAM_USERS)) {
      const credentials = new Map<ScramMechanismName, ScramCredential>();
      for (const [name, stored] of Object.entries(byMechanism)) {
        const mechanism = scramMechanismByName(name);
        if (mechanism === undefined || stored === undefined) continue;
        credentials.set(mechanism.name, {
          salt: Buffer.from(stored.salt, 'base64'),
          iterations: stored.iterations,
          storedKey: Buffer.from(stored.storedKey, 'base64'),
          serverKey: Buffer.from(stored.serverKey, 'base64'),
        });
      }
      if (credentials.size > 0) this.users.set(user, credentials);
    }
  }

  private serialize(): Buffer {
    const file: StoredFile = { version: 1, users: {} };
    for (const [user, credentials] of this.users) {
      const stored: Partial<Record<ScramMechanismName, StoredCredential>> = {};
      for (const [name, credential] of credentials) {
        stored[name] = {
          salt: credential.salt.toString('base64'),
          iterations: credential.iterations,
          storedKey: credential.storedKey.toString('base64'),
          serverKey: credential.serverKey.toString('base64'),
        };
      }
      file.users[user] = stored;
    }
    return Buffer.from(JSON.stringify(file));
  }
}
