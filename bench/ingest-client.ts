// Ingest of pre-built ~1 MiB record batches: one connection, Produce acks=1, a fixed number of requests in
// flight, and a client that does nothing but send bytes (one request frame is encoded once, copied once per
// request in flight; each send patches the correlation id). What it measures is the broker: its reads, checks,
// appends and answers.
import net from 'node:net';
import { FrameSplitter } from '../broker/network/frame-splitter.ts';
import { requestHeaderVersion, responseHeaderVersion } from '../broker/protocol/headers.ts';
import { writeProduceRequest } from '../broker/protocol/generated/produce-request.ts';
import { readProduceResponse } from '../broker/protocol/generated/produce-response.ts';
import { writeRequestHeader } from '../broker/protocol/generated/request-header.ts';
import { readResponseHeader } from '../broker/protocol/generated/response-header.ts';
import { buildRecordBatch } from '../broker/protocol/record-batch-builder.ts';
import { Reader } from '../broker/protocol/reader.ts';
import { Writer } from '../broker/protocol/writer.ts';
import type { Throughput } from './perf-tools.ts';

export interface IngestShape {
  /** Records per batch and bytes per record value: 1,000 x 1,000 B is a batch of about 1 MB. */
  recordsPerBatch: number;
  valueBytes: number;
  /** Produce requests sent (one batch each) after the warm-up. */
  requests: number;
  inFlight: number;
}

export const defaultIngestShape: IngestShape = { recordsPerBatch: 1000, valueBytes: 1000, requests: 1500, inFlight: 16 };

const produceVersion = 9; // flexible, topics by name: served by Kafka 4.3 and the built-in broker
const warmUpRequests = 64;
const correlationIdOffset = 4 + 2 + 2; // size prefix, apiKey, apiVersion
const timeoutMs = 240_000;

/** One Produce request frame (size prefix included) holding one pre-built batch for partition 0 of `topic`. */
export function prebuiltProduceFrame(topic: string, shape: IngestShape): Buffer {
  const value = Buffer.alloc(shape.valueBytes, 'x');
  const batch = buildRecordBatch({ records: Array.from({ length: shape.recordsPerBatch }, () => ({ value })) });
  const writer = new Writer();
  writeRequestHeader(writer, requestHeaderVersion(0, produceVersion), {
    requestApiKey: 0,
    requestApiVersion: produceVersion,
    correlationId: 0,
    clientId: 'bench-ingest',
  });
  writeProduceRequest(writer, produceVersion, {
    transactionalId: null,
    acks: 1,
    timeoutMs: 30_000,
    topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
  });
  const body = writer.toBuffer();
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeInt32BE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

/** Sends `shape.requests` copies of the frame (after an unmeasured warm-up) and returns the bytes of batches acknowledged per second. */
export async function ingestPrebuiltBatches(bootstrap: string, topic: string, shape: IngestShape): Promise<Throughput> {
  const frame = prebuiltProduceFrame(topic, shape);
  const batchBytes = frame.length; // the request frame is the batch plus ~60 bytes of headers
  const socket = await connect(bootstrap);
  try {
    await sendRequests(socket, frame, warmUpRequests, shape.inFlight);
    const startedMs = performance.now();
    await sendRequests(socket, frame, shape.requests, shape.inFlight);
    const elapsedS = (performance.now() - startedMs) / 1000;
    return {
      recordsPerSecond: (shape.requests * shape.recordsPerBatch) / elapsedS,
      megabytesPerSecond: (shape.requests * batchBytes) / elapsedS / 1e6,
      detail: `${shape.requests} requests of ${batchBytes} B, ${shape.inFlight} in flight, ${elapsedS.toFixed(2)} s`,
    };
  } finally {
    socket.destroy();
  }
}

function connect(bootstrap: string): Promise<net.Socket> {
  const [host, port] = bootstrap.split(':');
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port: Number(port) }, () => resolve(socket));
    socket.setNoDelay(true);
    socket.once('error', reject);
  });
}

/** Keeps `inFlight` requests outstanding until `count` have been answered; fails on any error code. */
function sendRequests(socket: net.Socket, frame: Buffer, count: number, inFlight: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const splitter = new FrameSplitter(1024 * 1024);
    let sent = 0;
    let answered = 0;
    const timer = setTimeout(
      () => finish(new Error(`ingest timed out after ${timeoutMs} ms (${answered} of ${count} answered)`)),
      timeoutMs,
    );
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    // One copy of the frame per request in flight, reused once its answer is in (its bytes were sent by then):
    // the client allocates nothing per request.
    const copies = Array.from({ length: Math.min(inFlight, count) }, () => Buffer.from(frame));
    const sendOne = () => {
      const copy = copies[sent % copies.length];
      copy.writeInt32BE(++sent, correlationIdOffset);
      socket.write(copy);
    };
    const onData = (chunk: Buffer) => {
      const { frames, error } = splitter.push(chunk);
      if (error !== null) return finish(new Error(`bad response stream: ${error}`));
      for (const response of frames) {
        const problem = produceError(response);
        if (problem !== null) return finish(new Error(problem));
        answered++;
        if (sent < count) sendOne();
      }
      if (answered === count) finish();
    };
    const onClose = () => finish(new Error(`connection closed after ${answered} of ${count} answers`));
    socket.on('data', onData);
    socket.on('close', onClose);
    while (sent < Math.min(inFlight, count)) sendOne();
  });
}

function produceError(frame: Buffer): string | null {
  const reader = new Reader(frame);
  readResponseHeader(reader, responseHeaderVersion(0, produceVersion));
  const response = readProduceResponse(reader, produceVersion);
  for (const topic of response.responses) {
    for (const partition of topic.partitionResponses) {
      if (partition.errorCode !== 0) return `produce failed with error code ${partition.errorCode}: ${partition.errorMessage ?? ''}`;
    }
  }
  return null;
}
