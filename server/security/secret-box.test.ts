import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';
import { deriveKey, loadOrCreateSecretKey } from './secret-key.ts';

describe('SecretBox', () => {
  const box = new SecretBox(deriveKey('a-test-secret-key-that-is-long-enough', 'cluster-secrets'));

  it('round-trips a secret without storing the plaintext', () => {
    const sealed = box.seal('hunter2-password');
    expect(sealed).not.toContain('hunter2');
    expect(box.open(sealed)).toBe('hunter2-password');
  });

  it('refuses a tampered ciphertext', () => {
    const parts = box.seal('secret').split('.');
    parts[3] = Buffer.from('forged').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });

  it('refuses a secret sealed under another key', () => {
    const other = new SecretBox(deriveKey('another-secret-key-that-is-long-enough', 'cluster-secrets'));
    expect(() => box.open(other.seal('secret'))).toThrow();
  });
});

describe('loadOrCreateSecretKey', () => {
  it('generates a key once, stores it privately and returns the same key afterwards', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'samsa-key-'));
    const first = await loadOrCreateSecretKey(undefined, dataDir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await loadOrCreateSecretKey(undefined, dataDir)).toBe(first);
    expect((await stat(path.join(dataDir, 'secret-key'))).mode & 0o777).toBe(0o600);
  });
});
