// The broker's Node flags (node-flags.ts) keep V8 from running full collections while produce requests stream in:
// a real broker process (`node <flags> broker/main.ts --trace-gc`) takes 256 x 1 MB batches, and V8's own trace
// counts the full (Mark-Compact) collections meanwhile. Without the flags the same run usually counts 7 (not
// asserted: whether V8 falls into it depends on its state after start-up).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BROKER_NODE_FLAGS, missingBrokerNodeFlags } from './node-flags.ts';
import { ErrorCode } from './protocol/error-codes.ts';
import { readProduceResponse } from './protocol/generated/produce-response.ts';
import { writeProduceRequest } from './protocol/generated/produce-request.ts';
import { readResponseHeader } from './protocol/generated/response-header.ts';
import { writeRequestHeader } from './protocol/generated/request-header.ts';
import { requestHeaderVersion, responseHeaderVersion } from './protocol/headers.ts';
import { Reader } from './protocol/reader.ts';
import { buildRecordBatch } from './protocol/record-batch-builder.ts';
import { Writer } from './protocol/writer.ts';
import { ProtocolTestClient } from './test-support/protocol-test-client.ts';

const brokerMain = fileURLToPath(new URL('./main.ts', import.meta.url));
const BATCHES = 256;
const IN_FLIGHT = 16;
const STARTUP_GRACE_MS = 2_000;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface TracedBroker {
  port: number;
  /** Full collections V8 has traced so far. */
  fullCollections(): number;
}

async function startTracedBroker(nodeFlags: readonly string[]): Promise<TracedBroker> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'samsa-node-flags-'));
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags, '--trace-gc', brokerMain, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });
  let fullCollections = 0;
  let tail = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('utf8');
      const lines = text.split('\n');
      tail = lines.pop()!;
      for (const line of lines) {
        if (line.includes('Mark-Compact')) fullCollections++;
        const ready = /Samsa broker listening on [\d.]+:(\d+)/.exec(line);
        if (ready) resolve({ port: Number(ready[1]), fullCollections: () => fullCollections });
      }
    });
    child.once('exit', (code) => reject(new Error(`broker exited (${code}) before it was ready`)));
  });
}

/** Produces BATCHES batches of 1,000 x 1,000 B to a new topic, IN_FLIGHT at a time; returns the full collections meanwhile. */
async function fullCollectionsWhileProducing(nodeFlags: readonly string[]): Promise<number> {
  const broker = await startTracedBroker(nodeFlags);
  const client = await ProtocolTestClient.connect(broker.port);
  cleanups.push(async () => client.close());
  const created = await client.request(19, 7, {
    topics: [{ name: 'ingest', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }],
    timeoutMs: 30_000,
    validateOnly: false,
  });
  expect(created.topics[0].errorCode).toBe(ErrorCode.NONE);
  const value = Buffer.alloc(1000, 'x');
  const records = buildRecordBatch({ records: Array.from({ length: 1000 }, () => ({ value })) });
  // Encoded once and sent as is, IN_FLIGHT always outstanding: a steady stream, as a producer sends.
  const writer = new Writer();
  writeRequestHeader(writer, requestHeaderVersion(0, 9), { requestApiKey: 0, requestApiVersion: 9, correlationId: 0, clientId: 'flags' });
  writeProduceRequest(writer, 9, {
    transactionalId: null,
    acks: 1,
    timeoutMs: 30_000,
    topicData: [{ name: 'ingest', partitionData: [{ index: 0, records }] }],
  });
  const frame = writer.toBuffer();
  const produce = async () => {
    const reader = new Reader(await client.sendFrame(frame));
    readResponseHeader(reader, responseHeaderVersion(0, 9));
    expect(readProduceResponse(reader, 9).responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.NONE);
  };
  await produce(); // start-up work (the partition's files, first compilations) is not counted
  // V8 applies no heap limits while a process is starting up ("loading"); a broker mostly runs past that.
  await new Promise((resolve) => setTimeout(resolve, STARTUP_GRACE_MS));
  const before = broker.fullCollections();
  let sent = 0;
  const stream = async () => {
    while (sent < BATCHES) {
      sent++;
      await produce();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, stream));
  return broker.fullCollections() - before;
}

describe('the broker process Node flags', () => {
  it('keep V8 from full collections while 256 MB of produce requests stream in', async () => {
    expect(await fullCollectionsWhileProducing(BROKER_NODE_FLAGS)).toBeLessThanOrEqual(2);
  });

  it('are passed by npm run broker, and main.ts notices when they are missing', async () => {
    const manifest = JSON.parse(await readFile(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
    expect(manifest.scripts.broker.split(' ')).toEqual(expect.arrayContaining([...BROKER_NODE_FLAGS]));
    expect(missingBrokerNodeFlags(['--initial-old-space-size=64'])).toEqual([]);
    expect(missingBrokerNodeFlags([])).toEqual([...BROKER_NODE_FLAGS]);
  });
});
