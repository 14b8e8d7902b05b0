// The TCP (or TLS) listener: accepts connections and hands each to a Connection.

import net from 'node:net';
import tls from 'node:tls';
import { Connection, type Dispatcher } from './connection.ts';
import { FrameBufferPool } from './frame-buffer-pool.ts';
import type { SaslSession } from '../security/sasl-session.ts';

export interface BrokerServerOptions {
  host: string;
  port: number;
  maxRequestBytes: number;
  maxInFlightRequestsPerConnection: number;
  dispatch: Dispatcher;
  log: (line: string) => void;
  /** SSL / SASL_SSL listeners: PEM certificate chain and key. */
  tls?: { cert: Buffer; key: Buffer } | null;
  /** SASL listeners: a fresh authentication state per connection. */
  createSaslSession?: (() => SaslSession) | null;
}

/** Idle request buffers kept for reuse, per listener: enough for a few connections' 16 produces in flight. */
const FRAME_POOL_BYTES = 64 * 1024 * 1024;

export class BrokerServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;

  private constructor(server: net.Server) {
    this.server = server;
  }

  static async listen(options: BrokerServerOptions): Promise<BrokerServer> {
    const server = options.tls ? tls.createServer({ cert: options.tls.cert, key: options.tls.key }) : net.createServer({ noDelay: true });
    const broker = new BrokerServer(server);
    const framePool = new FrameBufferPool(FRAME_POOL_BYTES);
    if (options.tls) server.on('tlsClientError', (error: Error) => options.log(`TLS handshake failed: ${error.message}`));
    server.on(options.tls ? 'secureConnection' : 'connection', (socket: net.Socket) => {
      const connection = new Connection({
        id: broker.nextConnectionId++,
        socket,
        maxRequestBytes: options.maxRequestBytes,
        maxInFlight: options.maxInFlightRequestsPerConnection,
        dispatch: options.dispatch,
        framePool,
        log: options.log,
        sasl: options.createSaslSession?.() ?? null,
      });
      broker.connections.add(connection);
      socket.on('close', () => broker.connections.delete(connection));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return broker;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('server is not listening');
    return address.port;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops accepting, closes every connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.close();
    await closed;
  }
}
