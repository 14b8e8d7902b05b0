import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Reader } from '../reader.ts';
import { Writer } from '../writer.ts';
import { requestHeaderVersion } from '../headers.ts';
import { readRequestHeader, writeRequestHeader, type RequestHeader } from '../generated/request-header.ts';
import { readApiVersionsRequest, writeApiVersionsRequest } from '../generated/api-versions-request.ts';
import { readMetadataRequest, writeMetadataRequest } from '../generated/metadata-request.ts';
import { apiMessages } from '../generated/index.ts';

/** Reads a committed fixture: `#` comment lines, one hex frame per other line. */
function readFixture(name: string): Buffer[] {
  const text = fs.readFileSync(path.join(import.meta.dirname, name), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => Buffer.from(line, 'hex'));
}

/** Decodes a request frame: header then body, requiring every byte to be consumed. */
function decodeFrame(frame: Buffer): { header: RequestHeader; body: Record<string, unknown> } {
  const reader = new Reader(frame);
  const apiKey = frame.readInt16BE(0);
  const apiVersion = frame.readInt16BE(2);
  const header = readRequestHeader(reader, requestHeaderVersion(apiKey, apiVersion));
  const body = apiMessages.get(apiKey)!.readRequest(reader, apiVersion) as Record<string, unknown>;
  expect(reader.remaining()).toBe(0);
  return { header, body };
}

/** Re-encodes a decoded frame with our writers; real clients' bytes must come back unchanged. */
function encodeFrame(header: RequestHeader, body: unknown): Buffer {
  const writer = new Writer();
  writeRequestHeader(writer, requestHeaderVersion(header.requestApiKey, header.requestApiVersion), header);
  apiMessages.get(header.requestApiKey)!.writeRequest(writer, header.requestApiVersion, body);
  return writer.toBuffer();
}

describe('golden request frames from real clients', () => {
  it('decode an ApiVersions v3 frame captured from kcat (librdkafka 2.0.2)', () => {
    const frame = Buffer.concat([
      Buffer.from('0012000300000001', 'hex'),
      Buffer.from([0, 7]),
      Buffer.from('rdkafka'),
      Buffer.from([0]),
      Buffer.from([0x0b]),
      Buffer.from('librdkafka'),
      Buffer.from([0x06]),
      Buffer.from('2.0.2'),
      Buffer.from([0]),
    ]);
    const reader = new Reader(frame);
    const header = readRequestHeader(reader, 2);
    expect(header).toEqual({ requestApiKey: 18, requestApiVersion: 3, correlationId: 1, clientId: 'rdkafka' });
    expect(readApiVersionsRequest(reader, 3)).toEqual({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
    expect(reader.remaining()).toBe(0);
    const writer = new Writer();
    writeRequestHeader(writer, 2, header);
    writeApiVersionsRequest(writer, 3, { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
    expect(writer.toBuffer().toString('hex')).toBe(frame.toString('hex'));
  });

  it('decode ApiVersions v0 and Metadata v0 frames captured from kafka-python 2.0.2', () => {
    const clientId = Buffer.concat([Buffer.from([0, 0x12]), Buffer.from('kafka-python-2.0.2')]);
    const apiVersions = Buffer.concat([Buffer.from('0012000000000001', 'hex'), clientId]);
    const metadata = Buffer.concat([Buffer.from('0003000000000002', 'hex'), clientId, Buffer.from('00000000', 'hex')]);
    const first = new Reader(apiVersions);
    expect(readRequestHeader(first, 1)).toEqual({
      requestApiKey: 18,
      requestApiVersion: 0,
      correlationId: 1,
      clientId: 'kafka-python-2.0.2',
    });
    expect(readApiVersionsRequest(first, 0)).toEqual({ clientSoftwareName: '', clientSoftwareVersion: '' });
    expect(first.remaining()).toBe(0);
    const second = new Reader(metadata);
    expect(readRequestHeader(second, 1)).toMatchObject({ requestApiKey: 3, requestApiVersion: 0, correlationId: 2 });
    expect(readMetadataRequest(second, 0)).toEqual({
      topics: [],
      allowAutoTopicCreation: true,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(second.remaining()).toBe(0);
    const writer = new Writer();
    writeMetadataRequest(writer, 0, { topics: [] });
    expect(writer.toBuffer().toString('hex')).toBe('00000000');
  });

  it('decode the captured kcat -L frames: ApiVersions v3, then Metadata v4 for brokers and for all topics', () => {
    const frames = readFixture('kcat-metadata.hex');
    expect(frames.length).toBe(3);
    const decoded = frames.map(decodeFrame);
    expect(decoded[0].header).toMatchObject({ requestApiKey: 18, requestApiVersion: 3, correlationId: 1, clientId: 'rdkafka' });
    expect(decoded[0].body).toMatchObject({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
    expect(decoded[1].header).toMatchObject({ requestApiKey: 3, requestApiVersion: 4, correlationId: 2 });
    expect(decoded[1].body).toMatchObject({ topics: [], allowAutoTopicCreation: false });
    expect(decoded[2].header).toMatchObject({ requestApiKey: 3, requestApiVersion: 4, correlationId: 3 });
    expect(decoded[2].body).toMatchObject({ topics: null, allowAutoTopicCreation: true });
    decoded.forEach(({ header, body }, index) => expect(encodeFrame(header, body).equals(frames[index])).toBe(true));
  });

  it('decode the captured kafka-python consumer frames: the v0 probe pair, then Metadata v1 for all topics', () => {
    const frames = readFixture('kafka-python-consumer.hex');
    expect(frames.length).toBe(3);
    const decoded = frames.map(decodeFrame);
    expect(decoded.map(({ header }) => [header.requestApiKey, header.requestApiVersion, header.correlationId])).toEqual([
      [18, 0, 1],
      [3, 0, 2],
      [3, 1, 3],
    ]);
    for (const { header } of decoded) expect(header.clientId).toBe('kafka-python-2.0.2');
    expect(decoded[1].body.topics).toEqual([]);
    // v1+: a null topic array means "all topics".
    expect(decoded[2].body.topics).toBeNull();
    decoded.forEach(({ header, body }, index) => expect(encodeFrame(header, body).equals(frames[index])).toBe(true));
  });
});
