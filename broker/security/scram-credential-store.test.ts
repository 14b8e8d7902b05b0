import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SCRAM_CREDENTIALS_FILE, ScramCredentialStore } from './scram-credential-store.ts';
import { scramMechanismByName } from './scram-mechanism.ts';

const sha256 = scramMechanismByName('SCRAM-SHA-256')!;
const sha512 = scramMechanismByName('SCRAM-SHA-512')!;
const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'samsa-scram-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('ScramCredentialStore', () => {
  it('keeps users across a reopen and never writes the password', async () => {
    const dir = await tempDir();
    const store = await ScramCredentialStore.open(dir);
    await store.ensureUser('alice', 'wonderland-password');
    const file = await readFile(path.join(dir, SCRAM_CREDENTIALS_FILE));
    expect(file.includes('wonderland-password')).toBe(false);
    const reopened = await ScramCredentialStore.open(dir);
    expect(reopened.checkPassword('alice', 'wonderland-password')).toBe(true);
    expect(reopened.checkPassword('alice', 'wrong')).toBe(false);
    expect(reopened.credentialsOf('alice')?.map((c) => [c.mechanism.name, c.iterations])).toEqual([
      ['SCRAM-SHA-256', 4096],
      ['SCRAM-SHA-512', 4096],
    ]);
  });

  it('leaves matching credentials alone when an initial user is ensured again', async () => {
    const dir = await tempDir();
    const store = await ScramCredentialStore.open(dir);
    await store.ensureUser('alice', 'one');
    const salt = store.lookup('alice', sha256)!.salt;
    await store.ensureUser('alice', 'one');
    expect(store.lookup('alice', sha256)!.salt).toEqual(salt);
    await store.ensureUser('alice', 'two');
    expect(store.lookup('alice', sha256)!.salt).not.toEqual(salt);
    expect(store.checkPassword('alice', 'two')).toBe(true);
  });

  it('forgets a user once its last mechanism is deleted', async () => {
    const dir = await tempDir();
    const store = await ScramCredentialStore.open(dir);
    await store.ensureUser('bob', 'pw');
    await store.apply([{ kind: 'delete', user: 'bob', mechanism: sha256 }]);
    expect(store.checkPassword('bob', 'pw')).toBe(true); // still via SCRAM-SHA-512
    await store.apply([{ kind: 'delete', user: 'bob', mechanism: sha512 }]);
    expect((await ScramCredentialStore.open(dir)).userNames()).toEqual([]);
  });

  it('refuses to start on a corrupted credentials file rather than lose every user', async () => {
    const dir = await tempDir();
    await (await ScramCredentialStore.open(dir)).ensureUser('carol', 'pw');
    const filePath = path.join(dir, SCRAM_CREDENTIALS_FILE);
    const bytes = await readFile(filePath);
    bytes[bytes.length - 3] ^= 0xff;
    await writeFile(filePath, bytes);
    await expect(ScramCredentialStore.open(dir)).rejects.toThrow(/checksum/);
  });
});
