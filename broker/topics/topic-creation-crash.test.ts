// Regression (issue 11 finding 1): a broker killed while creating a large topic left a half-created topic
// that could not be deleted and kept the broker from starting. Creation is now atomic: after kill -9 in
// the middle the broker starts, and the topic is either wholly there or absent with nothing left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../index.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { ProtocolTestClient } from '../test-support/protocol-test-client.ts';

const PARTITIONS = 9000;
const brokerMain = fileURLToPath(new URL('../main.ts', import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** `node broker/main.ts` as users run it; resolves with the port once it prints its ready line. */
function spawnBroker(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [brokerMain, '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      const match = /Samsa broker listening on [\d.]+:(\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`broker exited (${code}) before it was ready:\n${output}`)));
  });
}

async function bigDirs(dataDir: string): Promise<number> {
  return (await readdir(dataDir)).filter((name) => /^big-\d+$/.test(name)).length;
}

describe('kill -9 during a large topic creation', () => {
  it('restarts with the topic wholly there or wholly absent', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'samsa-create-crash-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const { child, port } = await spawnBroker(dataDir);
    const client = await ProtocolTestClient.connect(port);
    const creating = client
      .request(19, 7, {
        topics: [{ name: 'big', numPartitions: PARTITIONS, replicationFactor: -1, assignments: [], configs: [] }],
        timeoutMs: 60_000,
        validateOnly: false,
      })
      .catch(() => null);
    // Kill once the creation is visibly under way (its directories appear one by one).
    const deadline = Date.now() + 60_000;
    while ((await bigDirs(dataDir)) < 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await creating;
    client.close();

    const broker: Broker = await startBroker({ port: 0, dataDir, log: () => undefined });
    cleanups.push(() => broker.close());
    const after = await ProtocolTestClient.connect(broker.port);
    cleanups.push(async () => after.close());
    const metadata = await after.request(3, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    const big = metadata.topics.find((topic: { name: string }) => topic.name === 'big');
    if (big === undefined) {
      expect(await bigDirs(dataDir)).toBe(0);
      const recreated = await after.request(19, 7, {
        topics: [{ name: 'big', numPartitions: 10, replicationFactor: -1, assignments: [], configs: [] }],
        timeoutMs: 30_000,
        validateOnly: false,
      });
      expect(recreated.topics[0].errorCode).toBe(ErrorCode.NONE);
    } else {
      expect(big.partitions).toHaveLength(PARTITIONS);
      expect(await bigDirs(dataDir)).toBe(PARTITIONS);
    }
  }, 180_000);
});
