// One client connection: frames in, requests dispatched (possibly concurrently), responses out in
// request order. Reading pauses while too many requests are in flight or the socket's send buffer is
// full, so a fast or hostile client cannot make the broker buffer without bound.

import type { Socket } from 'node:net';
import type { FrameBufferPool } from './frame-buffer-pool.ts';
import { FrameSplitter } from './frame-splitter.ts';
import type { SaslSession } from '../security/sasl-session.ts';

/** What the dispatcher returns for one frame. */
export type DispatchResult =
  /**
   * Bytes of the response frame (size prefix excluded), as a list to avoid copying. `frameReusable`: nothing
   * refers to the request's bytes any more, so its buffer may be reused.
   */
  | { kind: 'response'; buffers: Buffer[]; closeAfterSend?: string; frameReusable?: boolean }
  /** Nothing to send back (Produce with acks=0). */
  | { kind: 'none'; frameReusable?: boolean }
  /** The request was unacceptable; Kafka closes the connection, and so do we. */
  | { kind: 'close'; reason: string };

export type Dispatcher = (frame: Buffer, connection: ConnectionInfo) => Promise<DispatchResult>;

export interface ConnectionInfo {
  readonly id: number;
  readonly clientAddress: string;
  /** Aborted when the connection closes, so long polls stop waiting. */
  readonly signal: AbortSignal;
  /** Set on SASL listeners: the connection's authentication state. */
  readonly sasl?: SaslSession | null;
}

interface ResponseSlot {
  result: DispatchResult | null;
}

/** Pause reading when the socket holds more unsent response bytes than this. */
const MAX_UNSENT_RESPONSE_BYTES = 16 * 1024 * 1024;
/** After a final response (e.g. failed authentication), how long the peer gets to read it before a hard close. */
const CLOSE_AFTER_SEND_GRACE_MS = 1000;

export class Connection implements ConnectionInfo {
  readonly id: number;
  readonly clientAddress: string;
  readonly sasl: SaslSession | null;
  private readonly socket: Socket;
  private readonly splitter: FrameSplitter;
  private readonly dispatch: Dispatcher;
  private readonly framePool: FrameBufferPool | null;
  private readonly maxInFlight: number;
  private readonly log: (line: string) => void;
  private readonly abort = new AbortController();
  private readonly slots: ResponseSlot[] = [];
  private closed = false;

  constructor(options: {
    id: number;
    socket: Socket;
    maxRequestBytes: number;
    maxInFlight: number;
    dispatch: Dispatcher;
    framePool?: FrameBufferPool | null;
    log: (line: string) => void;
    sasl?: SaslSession | null;
  }) {
    this.id = options.id;
    this.sasl = options.sasl ?? null;
    this.socket = options.socket;
    this.clientAddress = `${options.socket.remoteAddress ?? '?'}:${options.socket.remotePort ?? '?'}`;
    this.framePool = options.framePool ?? null;
    this.splitter = new FrameSplitter(options.maxRequestBytes, this.framePool);
    this.dispatch = options.dispatch;
    this.maxInFlight = options.maxInFlight;
    this.log = options.log;
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('drain', () => this.updateReading());
    this.socket.on('error', () => this.close());
    this.socket.on('close', () => this.close());
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  close(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    if (reason !== undefined) this.log(`closing connection ${this.id} from ${this.clientAddress}: ${reason}`);
    this.abort.abort();
    this.slots.length = 0;
    this.socket.destroy();
  }

  /** Like close, but lets the bytes already written reach the peer (Kafka answers a failed login, then closes). */
  private closeAfterSend(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.log(`closing connection ${this.id} from ${this.clientAddress}: ${reason}`);
    this.abort.abort();
    this.slots.length = 0;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_AFTER_SEND_GRACE_MS).unref();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    const { frames, error } = this.splitter.push(chunk);
    // Frames are dispatched in arrival order, synchronously: handlers rely on it (see handlers/README).
    for (const frame of frames) this.handleFrame(frame);
    if (error !== null) this.close(`malformed stream: ${error}`);
    else this.updateReading();
  }

  private handleFrame(frame: Buffer): void {
    const slot: ResponseSlot = { result: null };
    this.slots.push(slot);
    this.dispatch(frame, this).then(
      (result) => {
        if (result.kind !== 'close' && result.frameReusable) this.framePool?.release(frame);
        this.complete(slot, result);
      },
      (error: unknown) => this.complete(slot, { kind: 'close', reason: `handler failed: ${describe(error)}` }),
    );
  }

  private complete(slot: ResponseSlot, result: DispatchResult): void {
    if (this.closed) return;
    slot.result = result;
    while (this.slots.length > 0 && this.slots[0].result !== null) {
      const done = this.slots.shift()!.result!;
      if (done.kind === 'close') {
        this.close(done.reason);
        return;
      }
      if (done.kind === 'response') this.send(done.buffers);
      if (done.kind === 'response' && done.closeAfterSend !== undefined) {
        this.closeAfterSend(done.closeAfterSend);
        return;
      }
    }
    this.updateReading();
  }

  private send(buffers: Buffer[]): void {
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(
      buffers.reduce((total, buffer) => total + buffer.length, 0),
      0,
    );
    this.socket.cork();
    this.socket.write(size);
    for (const buffer of buffers) this.socket.write(buffer);
    this.socket.uncork();
  }

  private updateReading(): void {
    if (this.closed) return;
    const busy = this.slots.length >= this.maxInFlight || this.socket.writableLength > MAX_UNSENT_RESPONSE_BYTES;
    if (busy && !this.socket.isPaused()) this.socket.pause();
    else if (!busy && this.socket.isPaused()) this.socket.resume();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
