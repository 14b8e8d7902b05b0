import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildModel, kebabCase, listDefinitionFiles, readDefinition, type MessageModel } from './codegen/schema.ts';
import { messagesDir } from './codegen/generate.ts';
import { RandomMessageValue, seededRandom } from './codegen/random-message-value.ts';
import { ProtocolError, Reader } from './reader.ts';
import { Writer } from './writer.ts';

type ReadFn = (reader: Reader, version: number) => unknown;
type WriteFn = (writer: Writer, version: number, value: unknown) => void;

interface Codec {
  model: MessageModel;
  read: ReadFn;
  write: WriteFn;
}

const COORDINATOR_RECORDS = [
  'OffsetCommitKey',
  'OffsetCommitValue',
  'GroupMetadataKey',
  'GroupMetadataValue',
  'TransactionLogKey',
  'TransactionLogValue',
];
const DATA_MESSAGES = ['ConsumerProtocolSubscription', 'ConsumerProtocolAssignment'];

async function loadCodecs(): Promise<Codec[]> {
  const codecs: Codec[] = [];
  const add = async (file: string, folder: string) => {
    const model = buildModel(readDefinition(file));
    const url = pathToFileURL(path.join(import.meta.dirname, 'generated', folder, `${kebabCase(model.name)}.ts`)).href;
    const module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
    codecs.push({ model, read: module[`read${model.name}`] as ReadFn, write: module[`write${model.name}`] as WriteFn });
  };
  for (const file of listDefinitionFiles(messagesDir())) {
    const { type, validVersions } = readDefinition(file);
    if (validVersions === 'none') continue; // an API Kafka has removed
    if (type !== 'data' || DATA_MESSAGES.some((name) => file.endsWith(`${name}.json`))) await add(file, '');
  }
  for (const name of COORDINATOR_RECORDS)
    await add(path.resolve(messagesDir(), '..', 'coordinator-records', `${name}.json`), 'coordinator/');
  return codecs;
}

const codecs = await loadCodecs();

function versionsOf(model: MessageModel): number[] {
  const versions: number[] = [];
  for (let v = model.validVersions.min; v <= model.validVersions.max; v++) versions.push(v);
  return versions;
}

function encode(codec: Codec, version: number, value: unknown): Buffer {
  const writer = new Writer(16);
  codec.write(writer, version, value);
  const bytes = writer.toBuffer();
  expect(writer.length).toBe(bytes.length);
  return bytes;
}

function decode(codec: Codec, version: number, bytes: Buffer): unknown {
  const reader = new Reader(bytes);
  const value = codec.read(reader, version);
  expect(reader.remaining()).toBe(0);
  return value;
}

/** Records written as a list of buffers come back as one buffer. */
function concatRecordLists(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((item) => Buffer.isBuffer(item))) return Buffer.concat(value);
    return value.map(concatRecordLists);
  }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, concatRecordLists(item)]));
  }
  return value;
}

function largeRecordBuffers(value: unknown, found: Buffer[] = []): Buffer[] {
  if (Buffer.isBuffer(value)) {
    if (value.length >= 600) found.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) largeRecordBuffers(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) largeRecordBuffers(item, found);
  }
  return found;
}

describe('generated codecs', () => {
  it('cover every request, response and header of the definitions plus the coordinator records', () => {
    const kinds = codecs.map((codec) => codec.model.kind);
    // Kafka 4.3.1: 93 API keys, of which 4 removed (ControlledShutdown, LeaderAndIsr, StopReplica, UpdateMetadata).
    expect(kinds.filter((kind) => kind === 'request').length).toBe(89);
    expect(kinds.filter((kind) => kind === 'response').length).toBe(89);
    expect(kinds.filter((kind) => kind === 'header').length).toBe(2);
    expect(codecs.length).toBe(89 * 2 + 2 + DATA_MESSAGES.length + COORDINATOR_RECORDS.length);
  });

  it('round-trip a random value of every version of every message, re-encoding to identical bytes', () => {
    let checked = 0;
    codecs.forEach((codec, index) => {
      for (const version of versionsOf(codec.model)) {
        for (let seed = 0; seed < 3; seed++) {
          const value = new RandomMessageValue(codec.model, index * 1000 + version * 10 + seed).build(version);
          const bytes = encode(codec, version, value);
          const decoded = decode(codec, version, bytes);
          expect(decoded, `${codec.model.name} v${version}`).toEqual(value);
          expect(encode(codec, version, decoded).equals(bytes), `${codec.model.name} v${version} re-encoding`).toBe(true);
          checked++;
        }
      }
    });
    expect(checked).toBeGreaterThan(1500);
  });

  it('carry unknown tagged fields through a decode and re-encode in flexible versions', () => {
    let withUnknown = 0;
    codecs.forEach((codec, index) => {
      for (const version of versionsOf(codec.model)) {
        if (codec.model.flexibleVersions === null || version < codec.model.flexibleVersions.min) continue;
        const value = new RandomMessageValue(codec.model, index * 7 + version, { unknownTaggedFields: true }).build(version);
        const bytes = encode(codec, version, value);
        const decoded = decode(codec, version, bytes) as Record<string, unknown>;
        expect(decoded, `${codec.model.name} v${version}`).toEqual(value);
        expect(encode(codec, version, decoded).equals(bytes)).toBe(true);
        if (decoded._unknownTaggedFields !== undefined) withUnknown++;
      }
    });
    expect(withUnknown).toBeGreaterThan(100);
  });

  it('write records given as a list of buffers as one field without copying the large ones', () => {
    const fetch = codecs.find((codec) => codec.model.name === 'FetchResponse')!;
    for (const version of versionsOf(fetch.model)) {
      const value = new RandomMessageValue(fetch.model, version, { recordsAsList: true }).build(version);
      const writer = new Writer();
      fetch.write(writer, version, value);
      const bytes = writer.toBuffer();
      expect(decode(fetch, version, bytes), `FetchResponse v${version}`).toEqual(concatRecordLists(value));
      const sent = new Set(writer.toBuffers());
      const large = largeRecordBuffers(value);
      for (const buffer of large) expect(sent.has(buffer), 'a large record buffer is appended by reference').toBe(true);
    }
  });

  it('throw ProtocolError on every truncation of every message version', () => {
    codecs.forEach((codec, index) => {
      for (const version of versionsOf(codec.model)) {
        const value = new RandomMessageValue(codec.model, index + version).build(version);
        const bytes = encode(codec, version, value);
        // Every prefix up to 64 bytes, then a sample: each strict prefix must fail cleanly.
        for (let length = 0; length < bytes.length; length += length < 64 ? 1 : 17) {
          expect(() => codec.read(new Reader(bytes.subarray(0, length)), version), `${codec.model.name} v${version} at ${length}`).toThrow(
            ProtocolError,
          );
        }
      }
    });
  });

  it('reject random garbage with ProtocolError or decode it, never with another error', () => {
    const random = seededRandom(42);
    for (const codec of codecs) {
      for (let trial = 0; trial < 20; trial++) {
        const bytes = Buffer.alloc(Math.floor(random() * 40));
        for (let i = 0; i < bytes.length; i++) bytes[i] = random() < 0.5 ? 0 : Math.floor(random() * 256);
        const version =
          codec.model.validVersions.min + Math.floor(random() * (codec.model.validVersions.max - codec.model.validVersions.min + 1));
        try {
          codec.read(new Reader(bytes), version);
        } catch (error) {
          expect(error, `${codec.model.name} v${version} ${bytes.toString('hex')}`).toBeInstanceOf(ProtocolError);
        }
      }
    }
  });

  it('refuse versions outside the valid range', () => {
    const produce = codecs.find((codec) => codec.model.name === 'ProduceRequest')!;
    expect(() => produce.read(new Reader(Buffer.alloc(64)), produce.model.validVersions.max + 1)).toThrow(ProtocolError);
    expect(() => produce.read(new Reader(Buffer.alloc(64)), 2)).toThrow(ProtocolError); // v0-2 removed in Kafka 4
    expect(() => produce.write(new Writer(), -1, {})).toThrow(ProtocolError);
  });
});
