// Test support: builds a random but valid value of a message for one version, straight from Kafka's schema
// (independently of the generated code), with every field the decoder will return: fields the version
// lacks hold their defaults, so `decode(encode(value))` must deep-equal `value`.

import { inRange, type FieldDef, type FieldType, type MessageModel, type StructDef } from './schema.ts';
import { ZERO_UUID } from '../uuid.ts';

export interface RandomOptions {
  /** Adds unknown tagged fields (tags >= 1000) to structs of flexible versions. */
  unknownTaggedFields: boolean;
  /** Response records as a list of buffers, to exercise list writing. */
  recordsAsList: boolean;
}

/** Mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function runtimeDefault(field: FieldDef): unknown {
  const raw = field.default;
  const type = field.type;
  if (type.kind === 'array') return raw === 'null' ? null : [];
  if (type.kind === 'struct') return raw === 'null' ? null : defaultStruct(type.struct);
  switch (type.name) {
    case 'int64':
      return raw === undefined ? 0n : BigInt(String(raw));
    case 'bool':
      return raw === true || raw === 'true';
    case 'string':
      return raw === 'null' ? null : raw === undefined ? '' : String(raw);
    case 'uuid':
      return ZERO_UUID;
    case 'bytes':
      return raw === 'null' ? null : Buffer.alloc(0);
    case 'records':
      return null;
    default:
      return raw === undefined ? 0 : Number(raw);
  }
}

function defaultStruct(struct: StructDef): Record<string, unknown> {
  return Object.fromEntries(struct.fields.map((field) => [field.prop, runtimeDefault(field)]));
}

export class RandomMessageValue {
  private readonly model: MessageModel;
  private readonly random: () => number;
  private readonly options: RandomOptions;

  constructor(model: MessageModel, seed: number, options: Partial<RandomOptions> = {}) {
    this.model = model;
    this.random = seededRandom(seed);
    this.options = { unknownTaggedFields: false, recordsAsList: false, ...options };
  }

  build(version: number): Record<string, unknown> {
    return this.struct(this.model.top, version);
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private struct(struct: StructDef, version: number): Record<string, unknown> {
    const flexible = inRange(this.model.flexibleVersions, version);
    const value: Record<string, unknown> = {};
    for (const field of struct.fields) {
      const present = field.tag !== null ? flexible && inRange(field.taggedVersions, version) : inRange(field.versions, version);
      const useDefault = !present || (field.tag !== null && this.random() < 0.3);
      value[field.prop] = useDefault ? runtimeDefault(field) : this.fieldValue(field, version);
    }
    if (flexible && this.options.unknownTaggedFields && this.random() < 0.7) {
      const count = this.int(1, 2);
      value._unknownTaggedFields = Array.from({ length: count }, (_, index) => ({
        tag: 1000 + index * 7 + this.int(0, 5),
        data: this.bytes(0, 4),
      }));
    }
    return value;
  }

  private fieldValue(field: FieldDef, version: number): unknown {
    const nullable = inRange(field.nullableVersions, version);
    if (nullable && this.random() < 0.2) return null;
    return this.typeValue(field.type, version, field);
  }

  private typeValue(type: FieldType, version: number, field: FieldDef): unknown {
    if (type.kind === 'struct') return this.struct(type.struct, version);
    if (type.kind === 'array') return Array.from({ length: this.int(0, 3) }, () => this.typeValue(type.element, version, field));
    switch (type.name) {
      case 'bool':
        return this.random() < 0.5;
      case 'int8':
        return this.int(-128, 127);
      case 'int16':
        return this.int(-32768, 32767);
      case 'int32':
        return this.int(-2147483648, 2147483647);
      case 'uint16':
        return this.int(0, 65535);
      case 'uint32':
        return this.int(0, 4294967295);
      case 'int64':
        return BigInt.asIntN(64, (BigInt(this.int(0, 2 ** 32 - 1)) << 32n) | BigInt(this.int(0, 2 ** 32 - 1)));
      case 'float64':
        return (this.random() - 0.5) * 1e6 + 0.25;
      case 'string':
        return this.string();
      case 'uuid':
        return this.uuid();
      case 'bytes':
        return this.bytes(0, 6);
      case 'records':
        return this.records();
      default:
        throw new Error(`no random value for ${type.name} (${field.name})`);
    }
  }

  private string(): string {
    const alphabet = 'abcXYZ019-._ é€';
    let text = '';
    for (let i = this.int(0, 6); i > 0; i--) text += alphabet[this.int(0, alphabet.length - 1)];
    return text;
  }

  private uuid(): string {
    const hex = this.bytes(16, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  private bytes(min: number, max: number): Buffer {
    const buffer = Buffer.alloc(this.int(min, max));
    for (let i = 0; i < buffer.length; i++) buffer[i] = this.int(0, 255);
    return buffer;
  }

  private records(): Buffer | Buffer[] {
    if (this.options.recordsAsList && this.model.kind !== 'request') {
      return [this.bytes(1, 8), Buffer.alloc(600, 7), this.bytes(0, 8)];
    }
    return this.bytes(0, 10);
  }
}
