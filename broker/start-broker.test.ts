import { mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBroker } from './index.ts';
import { SCRAM_CREDENTIALS_FILE } from './security/scram-credential-store.ts';

const dataDirs: string[] = [];

async function newDataDir(): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'samsa-start-broker-test-'));
  dataDirs.push(dataDir);
  return dataDir;
}

/** Files of `dataDir` this process holds open (Linux: /proc/self/fd). */
async function openFilesUnder(dataDir: string): Promise<string[]> {
  const targets = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.startsWith(`${dataDir}${path.sep}`));
}

/** A port nothing listens on, and a server holding another one busy. */
function listenOnFreePort(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function portOf(server: net.Server): number {
  return (server.address() as net.AddressInfo).port;
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

afterEach(async () => {
  for (const dataDir of dataDirs.splice(0)) await rm(dataDir, { recursive: true, force: true });
});

describe('startBroker', () => {
  it('closes the logs and coordinators it opened when a later component fails to open', async () => {
    const dataDir = await newDataDir();
    const first = await startBroker({ port: 0, dataDir, log: () => undefined });
    await first.close();
    // The credentials store opens after the logs and both coordinators; a file failing its checksum stops it.
    await writeFile(path.join(dataDir, SCRAM_CREDENTIALS_FILE), 'not a checksummed credentials file');
    const lines: string[] = [];
    await expect(startBroker({ port: 0, dataDir, log: (line) => lines.push(line) })).rejects.toThrow(/checksum/);
    expect(await openFilesUnder(dataDir)).toEqual([]);

    await rm(path.join(dataDir, SCRAM_CREDENTIALS_FILE));
    const again = await startBroker({ port: 0, dataDir, log: () => undefined });
    expect(await openFilesUnder(dataDir)).not.toEqual([]);
    await again.close();
    expect(await openFilesUnder(dataDir)).toEqual([]);
  });

  it('frees the listener port and the files when the metrics exporter cannot listen', async () => {
    const dataDir = await newDataDir();
    const busy = await listenOnFreePort();
    const probe = await listenOnFreePort();
    const brokerPort = portOf(probe);
    await closeServer(probe);
    try {
      await expect(
        startBroker({ host: '127.0.0.1', port: brokerPort, metricsPort: portOf(busy), dataDir, log: () => undefined }),
      ).rejects.toThrow(/EADDRINUSE/);
      expect(await openFilesUnder(dataDir)).toEqual([]);
      // The broker's own listener was closed: its port can be listened on again.
      const reuse = net.createServer();
      await new Promise<void>((resolve, reject) => {
        reuse.once('error', reject);
        reuse.listen(brokerPort, '127.0.0.1', () => resolve());
      });
      await closeServer(reuse);
    } finally {
      await closeServer(busy);
    }
  });
});
