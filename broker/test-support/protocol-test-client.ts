// A minimal Kafka client for the broker's own integration tests, built on the generated codec: it sends
// exactly the bytes a test asks for, which third-party clients cannot be made to do.

import net from 'node:net';
import { Reader } from '../protocol/reader.ts';
import { Writer } from '../protocol/writer.ts';
import { apiMessages } from '../protocol/generated/index.ts';
import { requestHeaderVersion, responseHeaderVersion } from '../protocol/headers.ts';
import { writeRequestHeader } from '../protocol/generated/request-header.ts';
import { readResponseHeader } from '../protocol/generated/response-header.ts';

interface Pending {
  apiKey: number;
  apiVersion: number;
  resolve: (body: Buffer) => void;
  reject: (error: Error) => void;
}

export class ProtocolTestClient {
  private readonly socket: net.Socket;
  private readonly pending: Pending[] = [];
  private buffered = Buffer.alloc(0);
  private nextCorrelationId = 1;
  private closedError: Error | null = null;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.failAll(new Error('connection closed by the broker')));
    socket.on('error', (error) => this.failAll(error));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<ProtocolTestClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => resolve(new ProtocolTestClient(socket)));
      socket.once('error', reject);
    });
  }

  /** True once the broker has closed the connection. */
  get closed(): boolean {
    return this.closedError !== null;
  }

  /** Sends a request; resolves with the decoded response body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields of any API without naming its type
  request<Response = any>(apiKey: number, apiVersion: number, body: unknown, clientId: string | null = 'samsa-test'): Promise<Response> {
    const api = apiMessages.get(apiKey);
    if (api === undefined) throw new Error(`unknown api ${apiKey}`);
    const writer = new Writer();
    writeRequestHeader(writer, requestHeaderVersion(apiKey, apiVersion), {
      requestApiKey: apiKey,
      requestApiVersion: apiVersion,
      correlationId: this.nextCorrelationId++,
      clientId,
    });
    api.writeRequest(writer, apiVersion, body);
    return this.sendFrame(writer.toBuffer(), apiKey, apiVersion).then((raw) => {
      const reader = new Reader(raw);
      readResponseHeader(reader, responseHeaderVersion(apiKey, apiVersion));
      return api.readResponse(reader, apiVersion) as Response;
    });
  }

  /** Sends a request that expects no response (Produce acks=0). */
  send(apiKey: number, apiVersion: number, body: unknown): void {
    const api = apiMessages.get(apiKey)!;
    const writer = new Writer();
    writeRequestHeader(writer, requestHeaderVersion(apiKey, apiVersion), {
      requestApiKey: apiKey,
      requestApiVersion: apiVersion,
      correlationId: this.nextCorrelationId++,
      clientId: 'samsa-test',
    });
    api.writeRequest(writer, apiVersion, body);
    this.writeRaw(frame(writer.toBuffer()));
  }

  /** Sends raw frame bytes (size prefix added) and resolves with the raw response frame, header included. */
  sendFrame(payload: Buffer, apiKey = -1, apiVersion = -1): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.closedError !== null) return reject(this.closedError);
      this.pending.push({ apiKey, apiVersion, resolve, reject });
      this.writeRaw(frame(payload));
    });
  }

  /** Writes several frames in a single TCP write (pipelining) and resolves with their raw responses. */
  sendFramesTogether(payloads: Buffer[]): Promise<Buffer[]> {
    const responses = payloads.map(
      (_, index) => new Promise<Buffer>((resolve, reject) => this.pending.push({ apiKey: index, apiVersion: -1, resolve, reject })),
    );
    this.writeRaw(Buffer.concat(payloads.map(frame)));
    return Promise.all(responses);
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves when the broker closes the connection (rejects after timeoutMs). */
  waitForClose(timeoutMs = 5000): Promise<void> {
    if (this.closedError !== null) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connection still open')), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) break;
      const body = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      const next = this.pending.shift();
      if (next === undefined) throw new Error('response without a request');
      next.resolve(Buffer.from(body));
    }
  }

  private failAll(error: Error): void {
    this.closedError ??= error;
    for (const pending of this.pending.splice(0)) pending.reject(error);
  }
}

function frame(payload: Buffer): Buffer {
  const size = Buffer.allocUnsafe(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload]);
}
