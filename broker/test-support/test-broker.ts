// Starts a real broker in this process on a free port and a fresh temp directory, for integration tests.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startBroker, type Broker, type BrokerConfig } from '../index.ts';
import { ProtocolTestClient } from './protocol-test-client.ts';

export interface TestBroker {
  broker: Broker;
  dataDir: string;
  logLines: string[];
  connect(): Promise<ProtocolTestClient>;
  /** Clean stop and start on the same data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestBroker(overrides: Partial<BrokerConfig> = {}): Promise<TestBroker> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'samsa-broker-test-'));
  const logLines: string[] = [];
  const config = { port: 0, dataDir, log: (line: string) => logLines.push(line), ...overrides };
  const clients: ProtocolTestClient[] = [];
  const fixture: TestBroker = {
    broker: await startBroker(config),
    dataDir,
    logLines,
    async connect() {
      const client = await ProtocolTestClient.connect(fixture.broker.port);
      clients.push(client);
      return client;
    },
    async restart() {
      for (const client of clients.splice(0)) client.close();
      await fixture.broker.close();
      fixture.broker = await startBroker(config);
    },
    async stop() {
      for (const client of clients.splice(0)) client.close();
      await fixture.broker.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return fixture;
}
