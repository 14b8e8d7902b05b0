// The few helpers generated codecs call besides Reader/Writer: tagged-field sections and defaults.
// Kept out of the generated files so the generator's output stays small and straight-line.

import { ProtocolError, type Reader } from './reader.ts';
import type { Writer } from './writer.ts';

/** A tagged field this codec does not know (or not in this version), kept as bytes for a faithful round trip. */
export interface UnknownTaggedField {
  tag: number;
  data: Buffer;
}

export const EMPTY_BYTES: Buffer = Buffer.alloc(0);

/** Reads the value of an unknown tag into the struct's `_unknownTaggedFields`. */
export function readUnknownTaggedField(
  reader: Reader,
  target: { _unknownTaggedFields?: UnknownTaggedField[] },
  tag: number,
  size: number,
): void {
  const data = reader.readRawBytes(size);
  if (target._unknownTaggedFields === undefined) target._unknownTaggedFields = [{ tag, data }];
  else target._unknownTaggedFields.push({ tag, data });
}

/** Checks a known tagged field consumed exactly the size its header declared. */
export function checkTaggedFieldEnd(reader: Reader, tag: number, end: number): void {
  if (reader.offset !== end) throw new ProtocolError(`tagged field ${tag} does not match its declared size`);
}

/** Writes a tagged-field section: count, then each field in ascending tag order (Kafka requires the order). */
export function writeTaggedFields(writer: Writer, fields: readonly UnknownTaggedField[] | undefined): void {
  if (fields === undefined || fields.length === 0) {
    writer.writeUInt8(0);
    return;
  }
  const sorted = fields.length === 1 ? fields : [...fields].sort((a, b) => a.tag - b.tag);
  writer.writeUnsignedVarint(sorted.length);
  for (const field of sorted) {
    writer.writeUnsignedVarint(field.tag);
    writer.writeUnsignedVarint(field.data.length);
    writer.writeRawBytes(field.data);
  }
}

/**
 * True when a tagged struct value equals its default, so it is left off the wire. Properties missing
 * from `value` mean "the default"; unknown tagged fields make it non-default.
 */
export function isDefaultValue(value: unknown, defaultValue: unknown): boolean {
  if (value === undefined || value === defaultValue) return true;
  if (value === null || defaultValue === null || typeof value !== 'object' || typeof defaultValue !== 'object') return false;
  if (Buffer.isBuffer(value) || Buffer.isBuffer(defaultValue)) {
    return Buffer.isBuffer(value) && Buffer.isBuffer(defaultValue) && value.equals(defaultValue);
  }
  if (Array.isArray(value) || Array.isArray(defaultValue)) {
    if (!Array.isArray(value) || !Array.isArray(defaultValue) || value.length !== defaultValue.length) return false;
    return value.every((item, index) => isDefaultValue(item, defaultValue[index]));
  }
  const record = value as Record<string, unknown>;
  const defaults = defaultValue as Record<string, unknown>;
  const unknown = record._unknownTaggedFields;
  if (Array.isArray(unknown) && unknown.length > 0) return false;
  for (const key of Object.keys(defaults)) {
    if (!isDefaultValue(record[key], defaults[key])) return false;
  }
  return true;
}

/** A null where the field's version does not allow one: a bug in the caller, not in the peer. */
export function nullFieldError(field: string, version: number): Error {
  return new TypeError(`${field} is not nullable in version ${version}`);
}

export function checkVersion(message: string, version: number, minVersion: number, maxVersion: number): void {
  if (!(version >= minVersion && version <= maxVersion)) {
    throw new ProtocolError(`${message} has no version ${version} (valid ${minVersion}-${maxVersion})`);
  }
}
