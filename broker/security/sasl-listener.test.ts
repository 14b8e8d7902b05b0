import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startTestBroker, type TestBroker } from '../test-support/test-broker.ts';
import { ProtocolTestClient } from '../test-support/protocol-test-client.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { decodeBatchRecords } from '../log/batch-records.ts';
import { ScramTestClient } from './scram-test-client.ts';
import { saltedPassword, scramMechanismByName } from './scram-mechanism.ts';

const sha256 = scramMechanismByName('SCRAM-SHA-256')!;
const sha512 = scramMechanismByName('SCRAM-SHA-512')!;
let fixture: TestBroker;

beforeAll(async () => {
  fixture = await startTestBroker({
    extraListeners: [{ securityProtocol: 'SASL_PLAINTEXT', port: 0 }],
    saslUsers: [{ name: 'admin', password: 'admin-secret' }],
  });
});
afterAll(async () => fixture.stop());

const saslPort = () => fixture.broker.listeners[1].port;
const clients: ProtocolTestClient[] = [];
async function connectSasl(): Promise<ProtocolTestClient> {
  const client = await ProtocolTestClient.connect(saslPort());
  clients.push(client);
  return client;
}
afterAll(() => clients.forEach((client) => client.close()));

async function loginPlain(client: ProtocolTestClient, user: string, password: string) {
  const handshake = await client.request(17, 1, { mechanism: 'PLAIN' });
  expect(handshake.errorCode).toBe(ErrorCode.NONE);
  return client.request(36, 2, { authBytes: Buffer.from(`\0${user}\0${password}`) });
}

async function loginScram(client: ProtocolTestClient, mechanism = sha256, user = 'admin', password = 'admin-secret') {
  expect((await client.request(17, 1, { mechanism: mechanism.name })).errorCode).toBe(ErrorCode.NONE);
  const scram = new ScramTestClient(mechanism, user, password);
  const first = await client.request(36, 2, { authBytes: scram.clientFirst() });
  if (first.errorCode !== ErrorCode.NONE) return first;
  const final = await client.request(36, 2, { authBytes: scram.clientFinal(first.authBytes) });
  if (final.errorCode === ErrorCode.NONE) expect(scram.verifyServerFinal(final.authBytes)).toBe(true);
  return final;
}

describe('a SASL_PLAINTEXT listener', () => {
  it('closes the connection on any request but ApiVersions before authentication', async () => {
    const client = await connectSasl();
    const versions = await client.request(18, 3, { clientSoftwareName: 'samsa-test', clientSoftwareVersion: '1' });
    const keys = versions.apiKeys.map((api: { apiKey: number }) => api.apiKey);
    expect(keys).toEqual(expect.arrayContaining([17, 23, 36, 50, 51, 61]));
    await expect(
      client.request(3, 12, { topics: [], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false }),
    ).rejects.toThrow(/closed/);
  });

  it('closes the connection on an oversized frame before authentication', async () => {
    const client = await connectSasl();
    const payload = Buffer.alloc(600 * 1024);
    payload.writeInt16BE(18, 0);
    await expect(client.sendFrame(payload)).rejects.toThrow(/closed/);
  });

  it('serves requests after a PLAIN login and advertises its own port in Metadata', async () => {
    const client = await connectSasl();
    const response = await loginPlain(client, 'admin', 'admin-secret');
    expect(response).toMatchObject({ errorCode: ErrorCode.NONE, errorMessage: null, sessionLifetimeMs: 0n });
    const metadata = await client.request(3, 12, { topics: [], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(metadata.brokers[0].port).toBe(saslPort());
    const plain = await fixture.connect();
    const plainMetadata = await plain.request(3, 12, {
      topics: [],
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(plainMetadata.brokers[0].port).toBe(fixture.broker.port);
  });

  it('answers a wrong PLAIN password with SASL_AUTHENTICATION_FAILED and closes', async () => {
    const client = await connectSasl();
    const response = await loginPlain(client, 'admin', 'not-the-password');
    expect(response.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(response.errorMessage).toMatch(/Invalid username or password/);
    await client.waitForClose(3000);
  });

  it('logs in with SCRAM-SHA-256 and SCRAM-SHA-512 and refuses a wrong SCRAM password', async () => {
    expect((await loginScram(await connectSasl(), sha256)).errorCode).toBe(ErrorCode.NONE);
    expect((await loginScram(await connectSasl(), sha512)).errorCode).toBe(ErrorCode.NONE);
    const client = await connectSasl();
    const refused = await loginScram(client, sha512, 'admin', 'guess');
    expect(refused.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(refused.errorMessage).toMatch(/invalid credentials with SASL mechanism SCRAM-SHA-512/);
    await client.waitForClose(3000);
  });

  it('lists the enabled mechanisms when asked for an unknown one, then closes', async () => {
    const client = await connectSasl();
    const response = await client.request(17, 1, { mechanism: 'GSSAPI' });
    expect(response.errorCode).toBe(ErrorCode.UNSUPPORTED_SASL_MECHANISM);
    expect(response.mechanisms).toEqual(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
    await client.waitForClose(3000);
  });

  it('speaks the v0 handshake: raw SASL tokens framed without Kafka headers', async () => {
    const client = await connectSasl();
    expect((await client.request(17, 0, { mechanism: 'SCRAM-SHA-256' })).errorCode).toBe(ErrorCode.NONE);
    const scram = new ScramTestClient(sha256, 'admin', 'admin-secret');
    const serverFirst = await client.sendFrame(scram.clientFirst());
    const serverFinal = await client.sendFrame(scram.clientFinal(serverFirst));
    expect(scram.verifyServerFinal(serverFinal)).toBe(true);
    const versions = await client.request(18, 0, {});
    expect(versions.errorCode).toBe(ErrorCode.NONE);

    const plain = await connectSasl();
    await plain.request(17, 0, { mechanism: 'PLAIN' });
    expect((await plain.sendFrame(Buffer.from('\0admin\0admin-secret'))).length).toBe(0);
  });

  it('answers SaslHandshake on a PLAINTEXT listener, or after login, with ILLEGAL_SASL_STATE', async () => {
    const plain = await fixture.connect();
    expect((await plain.request(17, 1, { mechanism: 'PLAIN' })).errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
    const client = await connectSasl();
    await loginPlain(client, 'admin', 'admin-secret');
    expect((await client.request(36, 2, { authBytes: Buffer.alloc(0) })).errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
  });
});

describe('Describe/AlterUserScramCredentials', () => {
  const upsertion = (name: string, password: string, mechanism = sha256, iterations = 8192) => {
    const salt = randomBytes(16);
    return {
      name,
      mechanism: mechanism.kafkaType,
      iterations,
      salt,
      saltedPassword: saltedPassword(mechanism, password, salt, iterations),
    };
  };

  it('creates a user from a salted password; the user logs in with SCRAM and PLAIN, also after a restart', async () => {
    const admin = await connectSasl();
    await loginPlain(admin, 'admin', 'admin-secret');
    const altered = await admin.request(51, 0, { deletions: [], upsertions: [upsertion('bob', 'bob-pw')] });
    expect(altered.results).toEqual([{ user: 'bob', errorCode: ErrorCode.NONE, errorMessage: null }]);
    const described = await admin.request(50, 0, { users: [{ name: 'bob' }, { name: 'nobody' }] });
    expect(described.results).toEqual([
      { user: 'bob', errorCode: ErrorCode.NONE, errorMessage: null, credentialInfos: [{ mechanism: 1, iterations: 8192 }] },
      {
        user: 'nobody',
        errorCode: ErrorCode.RESOURCE_NOT_FOUND,
        errorMessage: 'Attempt to describe a user credential that does not exist: nobody',
        credentialInfos: [],
      },
    ]);
    expect((await loginScram(await connectSasl(), sha256, 'bob', 'bob-pw')).errorCode).toBe(ErrorCode.NONE);
    expect((await loginPlain(await connectSasl(), 'bob', 'bob-pw')).errorCode).toBe(ErrorCode.NONE);
    expect((await loginScram(await connectSasl(), sha512, 'bob', 'bob-pw')).errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);

    await fixture.restart();
    expect((await loginScram(await connectSasl(), sha256, 'bob', 'bob-pw')).errorCode).toBe(ErrorCode.NONE);
    const all = await (await fixture.connect()).request(50, 0, { users: null });
    expect(all.results.map((result: { user: string }) => result.user)).toEqual(['admin', 'bob']);
  });

  it('deletes a credential, after which that login fails', async () => {
    const admin = await fixture.connect();
    await admin.request(51, 0, { deletions: [], upsertions: [upsertion('carol', 'carol-pw')] });
    const deleted = await admin.request(51, 0, { deletions: [{ name: 'carol', mechanism: 1 }], upsertions: [] });
    expect(deleted.results[0].errorCode).toBe(ErrorCode.NONE);
    expect((await loginScram(await connectSasl(), sha256, 'carol', 'carol-pw')).errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
  });

  it('validates alterations as Kafka does, user by user', async () => {
    const admin = await fixture.connect();
    const response = await admin.request(51, 0, {
      deletions: [
        { name: 'ghost', mechanism: 2 },
        { name: 'dave', mechanism: 1 },
      ],
      upsertions: [
        upsertion('few', 'pw', sha256, 1000),
        upsertion('dave', 'pw'),
        { ...upsertion('weird', 'pw'), mechanism: 7 },
        upsertion('', 'pw'),
        upsertion('erin', 'pw', sha512),
      ],
    });
    const byUser = Object.fromEntries(
      response.results.map((r: { user: string; errorCode: number; errorMessage: string }) => [r.user, [r.errorCode, r.errorMessage]]),
    );
    expect(byUser).toEqual({
      ghost: [ErrorCode.RESOURCE_NOT_FOUND, 'Attempt to delete a user credential that does not exist'],
      dave: [ErrorCode.DUPLICATE_RESOURCE, 'A user credential cannot be altered twice in the same request'],
      few: [ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too few iterations'],
      weird: [ErrorCode.UNSUPPORTED_SASL_MECHANISM, 'Unknown SCRAM mechanism'],
      '': [ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Username must not be empty'],
      erin: [ErrorCode.NONE, null],
    });
    const described = await admin.request(50, 0, { users: [{ name: 'dave' }, { name: 'erin' }, { name: 'erin' }] });
    expect(described.results.map((r: { user: string; errorCode: number }) => [r.user, r.errorCode])).toEqual([
      ['dave', ErrorCode.RESOURCE_NOT_FOUND],
      ['erin', ErrorCode.DUPLICATE_RESOURCE],
    ]);
  });
});

describe('who made a change (issue 11: a client id is not an identity)', () => {
  async function adminChangeRecords(): Promise<
    Array<{ action: string; resource: string; clientId: string | null; principal: string | null }>
  > {
    const client = await fixture.connect();
    const fetched = await client.request(1, 12, {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: '__samsa_admin_changes',
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: -1,
              fetchOffset: 0n,
              lastFetchedEpoch: -1,
              logStartOffset: -1n,
              partitionMaxBytes: 1 << 20,
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    const records: Buffer = fetched.responses[0].partitions[0].records;
    const events = [];
    for (let position = 0; position < records.length; ) {
      const size = records.readInt32BE(position + 8) + 12;
      for (const record of decodeBatchRecords(records.subarray(position, position + size)) ?? [])
        events.push(JSON.parse(record.value!.toString()));
      position += size;
    }
    return events;
  }
  const createTopic = (client: ProtocolTestClient, name: string, clientId: string) =>
    client.request(
      19,
      7,
      { topics: [{ name, numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false },
      clientId,
    );

  it('records the authenticated SASL principal, and null for a PLAINTEXT client whatever client id it sends', async () => {
    const authenticated = await connectSasl();
    expect((await loginScram(authenticated, sha512)).errorCode).toBe(ErrorCode.NONE);
    expect((await createTopic(authenticated, 'by-sasl', 'any-tool')).topics[0].errorCode).toBe(ErrorCode.NONE);
    const plaintext = await fixture.connect();
    expect((await createTopic(plaintext, 'by-spoofer', 'samsa-console-evil')).topics[0].errorCode).toBe(ErrorCode.NONE);
    const byResource = Object.fromEntries((await adminChangeRecords()).map((event) => [event.resource, event]));
    expect(byResource['by-sasl']).toMatchObject({ action: 'topic.create', clientId: 'any-tool', principal: 'admin' });
    expect(byResource['by-spoofer']).toMatchObject({ action: 'topic.create', clientId: 'samsa-console-evil', principal: null });
  });

  it('refuses to alter or delete a user given at start, so no client can take over its identity', async () => {
    const salt = randomBytes(16);
    const takeover = {
      name: 'admin',
      mechanism: sha512.kafkaType,
      iterations: 8192,
      salt,
      saltedPassword: saltedPassword(sha512, 'stolen', salt, 8192),
    };
    const client = await fixture.connect();
    const altered = await client.request(51, 0, { deletions: [{ name: 'admin', mechanism: sha256.kafkaType }], upsertions: [] });
    expect(altered.results[0]).toMatchObject({ user: 'admin', errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED });
    const upserted = await client.request(51, 0, { deletions: [], upsertions: [takeover] });
    expect(upserted.results[0]).toMatchObject({ user: 'admin', errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED });
    expect((await loginScram(await connectSasl(), sha512, 'admin', 'stolen')).errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect((await loginScram(await connectSasl(), sha256, 'admin', 'admin-secret')).errorCode).toBe(ErrorCode.NONE);
  });
});

describe('a broker whose main listener is SASL_PLAINTEXT', () => {
  it('refuses unauthenticated requests on the main port and serves them after login', async () => {
    const saslOnly = await startTestBroker({
      securityProtocol: 'SASL_PLAINTEXT',
      saslMechanisms: ['SCRAM-SHA-512'],
      saslUsers: [{ name: 'ops', password: 'ops-pw' }],
    });
    try {
      const anonymous = await saslOnly.connect();
      await expect(anonymous.request(19, 7, { topics: [], timeoutMs: 1000, validateOnly: false })).rejects.toThrow(/closed/);
      const client = await saslOnly.connect();
      expect((await client.request(17, 1, { mechanism: 'PLAIN' })).mechanisms).toEqual(['SCRAM-SHA-512']);
      const retry = await saslOnly.connect();
      expect((await loginScram(retry, sha512, 'ops', 'ops-pw')).errorCode).toBe(ErrorCode.NONE);
      const metadata = await retry.request(3, 12, { topics: [], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
      expect(metadata.brokers[0].port).toBe(saslOnly.broker.port);
    } finally {
      await saslOnly.stop();
    }
  });

  it('refuses to start with an unknown mechanism or a TLS listener without a certificate', async () => {
    await expect(startTestBroker({ securityProtocol: 'SASL_PLAINTEXT', saslMechanisms: ['GSSAPI'] })).rejects.toThrow(
      /unsupported SASL mechanism GSSAPI/,
    );
    await expect(startTestBroker({ extraListeners: [{ securityProtocol: 'SSL', port: 0 }] })).rejects.toThrow(/certificate and key/);
  });
});
