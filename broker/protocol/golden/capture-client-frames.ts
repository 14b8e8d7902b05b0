// Captures the first request frames real clients send, as hex fixtures for the codec's golden tests.
// It is a fixture generator run by hand, not part of the test run (the tests read the committed .hex files):
//
//   node broker/protocol/golden/capture-client-frames.ts
//
// It listens on 127.0.0.1 (random port), answers ApiVersions and Metadata with our own codec (so the
// client proceeds to its next requests), closes on anything else, and writes golden/<client>.hex.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { Reader } from '../reader.ts';
import { Writer } from '../writer.ts';
import { apiMessages } from '../generated/index.ts';
import { readRequestHeader } from '../generated/request-header.ts';
import { writeResponseHeader } from '../generated/response-header.ts';
import { requestHeaderVersion, responseHeaderVersion } from '../headers.ts';
import { writeApiVersionsResponse } from '../generated/api-versions-response.ts';
import { writeMetadataResponse } from '../generated/metadata-response.ts';

const MAX_FRAMES_PER_CLIENT = 6;
const CLIENT_TIMEOUT_MS = 15_000;

interface Client {
  name: string;
  describe: string;
  command: (port: number) => [string, string[]];
}

const CLIENTS: Client[] = [
  {
    name: 'kcat-metadata',
    describe: 'kcat 1.7.1 / librdkafka 2.0.2 (Debian), `kcat -b 127.0.0.1:PORT -L`',
    command: (port) => ['kcat', ['-b', `127.0.0.1:${port}`, '-L', '-m', '5']],
  },
  {
    name: 'kafka-python-consumer',
    describe: 'kafka-python 2.0.2, `KafkaConsumer(bootstrap_servers=...).topics()`',
    command: (port) => [
      '/usr/bin/python3',
      [
        '-c',
        `from kafka import KafkaConsumer\nc = KafkaConsumer(bootstrap_servers='127.0.0.1:${port}', request_timeout_ms=5000)\nc.topics()\nc.close()`,
      ],
    ],
  },
];

function advertisedVersions() {
  return [...apiMessages.values()]
    .filter((api) => api.listeners.includes('broker'))
    .map((api) => ({ apiKey: api.apiKey, minVersion: api.minVersion, maxVersion: api.maxVersion - (api.latestVersionUnstable ? 1 : 0) }));
}

function respond(frame: Buffer, port: number): Buffer | null {
  const apiKey = frame.readInt16BE(0);
  const apiVersion = frame.readInt16BE(2);
  const reader = new Reader(frame);
  const header = readRequestHeader(reader, requestHeaderVersion(apiKey, apiVersion));
  const writer = new Writer();
  writeResponseHeader(writer, responseHeaderVersion(apiKey, apiVersion), { correlationId: header.correlationId });
  if (apiKey === 18) {
    writeApiVersionsResponse(writer, apiVersion, { errorCode: 0, apiKeys: advertisedVersions(), throttleTimeMs: 0 });
  } else if (apiKey === 3) {
    writeMetadataResponse(writer, apiVersion, {
      brokers: [{ nodeId: 1, host: '127.0.0.1', port, rack: null }],
      clusterId: 'golden-capture',
      controllerId: 1,
      topics: [],
    });
  } else {
    return null;
  }
  const body = writer.toBuffer();
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

async function capture(client: Client): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  const server = net.createServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const frame = pending.subarray(4, 4 + pending.readInt32BE(0));
        pending = pending.subarray(4 + frame.length);
        if (frames.length < MAX_FRAMES_PER_CLIENT) frames.push(Buffer.from(frame));
        const response = frames.length < MAX_FRAMES_PER_CLIENT ? respond(frame, port) : null;
        if (response === null) {
          socket.destroy();
          return;
        }
        socket.write(response);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const [command, args] = client.command(port);
  await new Promise<void>((resolve) => {
    execFile(command, args, { timeout: CLIENT_TIMEOUT_MS }, () => resolve());
  });
  server.close();
  return frames;
}

function describeFrame(frame: Buffer): string {
  const apiKey = frame.readInt16BE(0);
  return `${apiMessages.get(apiKey)?.name ?? `api ${apiKey}`} v${frame.readInt16BE(2)}`;
}

for (const client of CLIENTS) {
  const frames = await capture(client);
  const lines = [
    `# Captured by broker/protocol/golden/capture-client-frames.ts from ${client.describe}.`,
    '# One request frame per line (size prefix removed), in the order the client sent them.',
    ...frames.flatMap((frame) => [`# ${describeFrame(frame)}`, frame.toString('hex')]),
  ];
  const target = path.join(import.meta.dirname, `${client.name}.hex`);
  fs.writeFileSync(target, lines.join('\n') + '\n');
  console.log(`${client.name}: ${frames.length} frames -> ${target}`);
}
