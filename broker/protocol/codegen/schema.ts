// Loads Kafka's JSON message definitions into a model the emitter walks: structs with their effective
// versions (the message versions in which each struct can appear on the wire), fields with parsed ranges.

import fs from 'node:fs';
import path from 'node:path';

export interface VersionRange {
  min: number;
  /** Infinity for open-ended ranges ("9+"). */
  max: number;
}

export interface RawField {
  name: string;
  type: string;
  versions?: string;
  nullableVersions?: string;
  default?: string | number | boolean;
  tag?: number;
  taggedVersions?: string;
  flexibleVersions?: string;
  fields?: RawField[];
}

export interface RawMessage {
  apiKey?: number;
  /** Coordinator records (__consumer_offsets, __transaction_state) are coordinator-key/-value; apiKey is their record type. */
  type: 'request' | 'response' | 'header' | 'data' | 'coordinator-key' | 'coordinator-value';
  name: string;
  /** "none" for APIs Kafka has removed. */
  validVersions: string;
  flexibleVersions: string;
  fields: RawField[];
  commonStructs?: Array<{ name: string; versions: string; fields: RawField[] }>;
  latestVersionUnstable?: boolean;
  listeners?: string[];
}

export const PRIMITIVE_TYPES = new Set([
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint16',
  'uint32',
  'float64',
  'string',
  'bytes',
  'records',
  'uuid',
]);

export type FieldType = { kind: 'primitive'; name: string } | { kind: 'array'; element: FieldType } | { kind: 'struct'; struct: StructDef };

export interface FieldDef {
  name: string;
  /** camelCase property name. */
  prop: string;
  type: FieldType;
  versions: VersionRange | null;
  nullableVersions: VersionRange | null;
  taggedVersions: VersionRange | null;
  tag: number | null;
  default: string | number | boolean | undefined;
  /** Per-field flexible override (only RequestHeader.ClientId uses it). */
  flexibleVersions: VersionRange | null | undefined;
}

export interface StructDef {
  /** TypeScript type name. */
  name: string;
  fields: FieldDef[];
  /** Sorted message versions in which this struct can be on the wire. */
  versions: number[];
}

export interface MessageModel {
  raw: RawMessage;
  name: string;
  kind: RawMessage['type'];
  validVersions: VersionRange;
  flexibleVersions: VersionRange | null;
  top: StructDef;
  /** Every struct, top level first, then in order of first appearance. */
  structs: StructDef[];
}

export function parseVersions(text: string | undefined): VersionRange | null {
  if (text === undefined || text === 'none') return null;
  const plus = /^(\d+)\+$/.exec(text);
  if (plus) return { min: Number(plus[1]), max: Infinity };
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  if (/^\d+$/.test(text)) return { min: Number(text), max: Number(text) };
  throw new Error(`bad version range ${JSON.stringify(text)}`);
}

export function inRange(range: VersionRange | null, version: number): boolean {
  return range !== null && version >= range.min && version <= range.max;
}

/** Parses one definition file: JSON with whole-line `//` comments. */
export function readDefinition(file: string): RawMessage {
  const text = fs.readFileSync(file, 'utf8');
  const json = text
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
  return JSON.parse(json) as RawMessage;
}

export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

const RESERVED_TYPE_NAMES = new Set(['Reader', 'Writer', 'UnknownTaggedField', 'RecordsValue', 'Buffer']);

export function buildModel(raw: RawMessage): MessageModel {
  const validVersions = parseVersions(raw.validVersions);
  if (validVersions === null || validVersions.max === Infinity) throw new Error(`${raw.name}: bad validVersions`);
  const allVersions: number[] = [];
  for (let v = validVersions.min; v <= validVersions.max; v++) allVersions.push(v);
  const common = new Map((raw.commonStructs ?? []).map((s) => [s.name, s]));
  const byRawName = new Map<string, StructDef>();
  const structs: StructDef[] = [];
  const usedNames = new Set<string>([raw.name]);

  const defineStruct = (rawName: string, parentName: string, rawFields: RawField[], key: string | null): StructDef => {
    let name = rawName;
    if (usedNames.has(name) || RESERVED_TYPE_NAMES.has(name)) name = parentName + rawName;
    if (usedNames.has(name)) throw new Error(`${raw.name}: cannot name struct ${rawName}`);
    usedNames.add(name);
    const struct: StructDef = { name, fields: [], versions: [] };
    structs.push(struct);
    if (key !== null) byRawName.set(key, struct);
    struct.fields = rawFields.map((field) => buildField(field, struct.name));
    return struct;
  };

  const buildType = (type: string, field: RawField, parentName: string): FieldType => {
    if (type.startsWith('[]')) return { kind: 'array', element: buildType(type.slice(2), field, parentName) };
    if (PRIMITIVE_TYPES.has(type)) return { kind: 'primitive', name: type };
    if (field.fields !== undefined) return { kind: 'struct', struct: defineStruct(type, parentName, field.fields, null) };
    const existing = byRawName.get(type);
    if (existing) return { kind: 'struct', struct: existing };
    const spec = common.get(type);
    if (spec === undefined) throw new Error(`${raw.name}: unknown struct type ${type}`);
    return { kind: 'struct', struct: defineStruct(type, parentName, spec.fields, type) };
  };

  const buildField = (field: RawField, parentName: string): FieldDef => {
    const tagged = field.tag !== undefined;
    const versions = parseVersions(field.versions ?? (tagged ? field.taggedVersions : undefined));
    return {
      name: field.name,
      prop: camelCase(field.name),
      type: buildType(field.type, field, parentName),
      versions,
      nullableVersions: parseVersions(field.nullableVersions),
      taggedVersions: tagged ? parseVersions(field.taggedVersions) : null,
      tag: tagged ? (field.tag as number) : null,
      default: field.default,
      flexibleVersions: field.flexibleVersions === undefined ? undefined : parseVersions(field.flexibleVersions),
    };
  };

  const top: StructDef = { name: raw.name, fields: [], versions: [] };
  top.fields = raw.fields.map((field) => buildField(field, raw.name));
  propagateVersions(top, allVersions);
  return {
    raw,
    name: raw.name,
    kind: raw.type,
    validVersions,
    flexibleVersions: parseVersions(raw.flexibleVersions),
    top,
    structs: [top, ...structs],
  };
}

/** Adds `versions` to a struct's effective versions and pushes them down to nested structs. */
function propagateVersions(struct: StructDef, versions: number[]): void {
  const before = struct.versions.length;
  const merged = new Set([...struct.versions, ...versions]);
  if (before !== 0 && merged.size === before) return;
  struct.versions = [...merged].sort((a, b) => a - b);
  for (const field of struct.fields) {
    const nested = structOf(field.type);
    if (nested === null) continue;
    const present = struct.versions.filter((v) => inRange(field.versions, v));
    if (present.length > 0) propagateVersions(nested, present);
  }
}

export function structOf(type: FieldType): StructDef | null {
  if (type.kind === 'struct') return type.struct;
  if (type.kind === 'array') return structOf(type.element);
  return null;
}

export function listDefinitionFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => path.join(dir, file));
}
