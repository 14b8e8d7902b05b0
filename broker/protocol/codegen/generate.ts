// Generates broker/protocol/generated/ from Apache Kafka's JSON message definitions, which
// scripts/fetch-kafka-jars.sh unpacks from the pinned Kafka release's jars (kafka-clients and the group and
// transaction coordinators, version in e2e/fixtures/kafka-jars/pom.xml) into the git-ignored
// .cache/kafka/protocol; they are never copied into the repository. `--check` regenerates in memory and
// exits 1 listing the files that differ, so CI catches hand edits and drift.
//
// Usage: node broker/protocol/codegen/generate.ts [--check]   (env SAMSA_KAFKA_PROTOCOL_DIR overrides the
// messages directory; the coordinator-records directory is its sibling).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel, kebabCase, listDefinitionFiles, readDefinition, type MessageModel } from './schema.ts';
import { emitMessage, shortName } from './emit-message.ts';
import { GENERATED_HEADER } from './emit-types.ts';

/** Embedded structs the coordinator serializes itself (classic consumer protocol metadata). */
const DATA_MESSAGES = new Set(['ConsumerProtocolSubscription', 'ConsumerProtocolAssignment']);
const COORDINATOR_RECORDS = new Set([
  'OffsetCommitKey',
  'OffsetCommitValue',
  'GroupMetadataKey',
  'GroupMetadataValue',
  'TransactionLogKey',
  'TransactionLogValue',
  // KIP-848 consumer groups.
  'ConsumerGroupMetadataKey',
  'ConsumerGroupMetadataValue',
  'ConsumerGroupMemberMetadataKey',
  'ConsumerGroupMemberMetadataValue',
  'ConsumerGroupTargetAssignmentMetadataKey',
  'ConsumerGroupTargetAssignmentMetadataValue',
  'ConsumerGroupTargetAssignmentMemberKey',
  'ConsumerGroupTargetAssignmentMemberValue',
  'ConsumerGroupCurrentMemberAssignmentKey',
  'ConsumerGroupCurrentMemberAssignmentValue',
]);

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const generatedDir = path.join(repoRoot, 'broker', 'protocol', 'generated');

export function messagesDir(): string {
  const dir = process.env.SAMSA_KAFKA_PROTOCOL_DIR ?? path.join(repoRoot, '.cache', 'kafka', 'protocol', 'messages');
  if (!fs.existsSync(dir)) {
    throw new Error(`Kafka's message definitions are not in ${dir}: run bash scripts/fetch-kafka-jars.sh (Java 17 and Maven) first`);
  }
  return dir;
}

/** Every generated file, keyed by its path relative to generated/. */
export function generateAll(dir = messagesDir()): Map<string, string> {
  const files = new Map<string, string>();
  const pairs = new Map<number, { request?: MessageModel; response?: MessageModel }>();
  for (const file of listDefinitionFiles(dir)) {
    const raw = readDefinition(file);
    if (raw.type === 'data' && !DATA_MESSAGES.has(raw.name)) continue;
    // APIs Kafka has removed (ControlledShutdown, LeaderAndIsr, ...) keep a definition with no versions.
    if (raw.validVersions === 'none') continue;
    const model = buildModel(raw);
    files.set(`${kebabCase(raw.name)}.ts`, emitMessage(model, '../'));
    if (raw.type === 'request' || raw.type === 'response') {
      const pair = pairs.get(raw.apiKey as number) ?? {};
      pair[raw.type] = model;
      pairs.set(raw.apiKey as number, pair);
    }
  }
  const coordinatorDir = path.resolve(dir, '..', 'coordinator-records');
  for (const file of listDefinitionFiles(coordinatorDir)) {
    const raw = readDefinition(file);
    if (!COORDINATOR_RECORDS.has(raw.name)) continue;
    files.set(`coordinator/${kebabCase(raw.name)}.ts`, emitMessage(buildModel(raw), '../../'));
  }
  files.set('index.ts', emitIndex(pairs));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function emitIndex(pairs: Map<number, { request?: MessageModel; response?: MessageModel }>): string {
  const lines = [GENERATED_HEADER, '', "import type { Reader } from '../reader.ts';", "import type { Writer } from '../writer.ts';"];
  const entries: string[] = [];
  for (const apiKey of [...pairs.keys()].sort((a, b) => a - b)) {
    const { request, response } = pairs.get(apiKey)!;
    if (request === undefined || response === undefined) throw new Error(`API ${apiKey} lacks a request or response`);
    const req = request.name;
    const res = response.name;
    lines.push(`import { ${req}Meta, read${req}, write${req} } from './${kebabCase(req)}.ts';`);
    lines.push(`import { read${res}, write${res} } from './${kebabCase(res)}.ts';`);
    const flexible = request.flexibleVersions === null ? 'null' : String(request.flexibleVersions.min);
    entries.push(
      `  [${apiKey}, { apiKey: ${apiKey}, name: '${shortName(request)}', minVersion: ${request.validVersions.min}, ` +
        `maxVersion: ${request.validVersions.max}, flexibleMinVersion: ${flexible}, latestVersionUnstable: ${req}Meta.latestVersionUnstable, ` +
        `listeners: [...${req}Meta.listeners], readRequest: read${req}, writeRequest: write${req}, readResponse: read${res}, writeResponse: write${res} }],`,
    );
  }
  lines.push('');
  lines.push('/** One API key: its request/response codecs and version facts. Values are typed per message in its own module. */');
  lines.push('export interface ApiMessages {');
  lines.push('  apiKey: number;');
  lines.push('  name: string;');
  lines.push('  minVersion: number;');
  lines.push('  maxVersion: number;');
  lines.push('  flexibleMinVersion: number | null;');
  lines.push('  latestVersionUnstable: boolean;');
  lines.push('  listeners: string[];');
  lines.push('  readRequest(reader: Reader, version: number): unknown;');
  lines.push('  writeRequest(writer: Writer, version: number, value: unknown): void;');
  lines.push('  readResponse(reader: Reader, version: number): unknown;');
  lines.push('  writeResponse(writer: Writer, version: number, value: unknown): void;');
  lines.push('}');
  lines.push('');
  lines.push('export const apiMessages: ReadonlyMap<number, ApiMessages> = new Map<number, ApiMessages>([');
  lines.push(...entries);
  lines.push(']);');
  return lines.join('\n') + '\n';
}

/** Generated .ts files on disk (relative paths), to find stale ones. */
function listGenerated(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) found.push(...listGenerated(path.join(dir, entry.name), `${prefix}${entry.name}/`));
    else if (entry.name.endsWith('.ts')) found.push(prefix + entry.name);
  }
  return found;
}

/** Files whose content on disk differs from `expected`, plus generated files that should not exist. */
export function diffGenerated(expected: Map<string, string>, dir = generatedDir): string[] {
  const differing: string[] = [];
  for (const [file, text] of expected) {
    const target = path.join(dir, file);
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) differing.push(file);
  }
  for (const file of listGenerated(dir)) if (!expected.has(file)) differing.push(file);
  return differing;
}

function main(): void {
  let expected: Map<string, string>;
  try {
    expected = generateAll();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const differing = diffGenerated(expected);
  if (process.argv.includes('--check')) {
    if (differing.length === 0) {
      console.log(`generated code is up to date (${expected.size} files)`);
      return;
    }
    console.error(`generated code differs from Kafka's definitions; run npm run codegen:\n  ${differing.join('\n  ')}`);
    process.exit(1);
  }
  for (const file of differing) {
    const target = path.join(generatedDir, file);
    const text = expected.get(file);
    if (text === undefined) {
      // Only delete what the generator wrote: a stale file still carries the header.
      if (fs.readFileSync(target, 'utf8').startsWith(GENERATED_HEADER)) fs.rmSync(target);
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  console.log(`wrote ${differing.length} of ${expected.size} generated files`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
