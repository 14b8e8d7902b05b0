// The one master secret (SAMSA_SECRET_KEY). When unset it is generated once and kept in
// `${dataDir}/secret-key` (mode 0600): losing that file makes stored cluster passwords unreadable.
import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function loadOrCreateSecretKey(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const generated = randomBytes(32).toString('base64url');
  // 'wx' fails if another process created it first; then that one's key wins.
  try {
    await writeFile(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readFile(file, 'utf8')).trim();
  }
}

/** Independent keys per purpose, so the session-signing secret never doubles as the encryption key. */
export function deriveKey(secretKey: string, purpose: 'cluster-secrets' | 'auth', lengthBytes = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'samsa', `samsa ${purpose}`, lengthBytes));
}
