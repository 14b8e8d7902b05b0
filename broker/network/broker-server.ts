// The TCP listener: accepts connections and hands each to a Connection.

import net from 'node:net';
import { Connection, type Dispatcher } from './connection.ts';

export interface BrokerServerOptions {
  host: string;
  port: number;
  maxRequestBytes: number;
  maxInFlightRequestsPerConnection: number;
  dispatch: Dispatcher;
  log: (line: string) => void;
}

export class BrokerServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;

  private constructor(server: net.Server) {
    this.server = server;
  }

  static async listen(options: BrokerServerOptions): Promise<BrokerServer> {
    const server = net.createServer({ noDelay: true });
    const broker = new BrokerServer(server);
    server.on('connection', (socket) => {
      const connection = new Connection({
        id: broker.nextConnectionId++,
        socket,
        maxRequestBytes: options.maxRequestBytes,
        maxInFlight: options.maxInFlightRequestsPerConnection,
        dispatch: options.dispatch,
        log: options.log,
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
