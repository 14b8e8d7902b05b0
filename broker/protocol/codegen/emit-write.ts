// Emits struct writers. Missing (undefined) fields are written as their defaults, fields a version lacks are
// skipped, tagged fields are written only when they differ from their default, merged with unknown tags.

import { type CodeBuilder, not, pickStatement, rangeCond, type Cond } from './code-builder.ts';
import { inRange, type FieldDef, type FieldType, type StructDef } from './schema.ts';
import { defaultExpr, fieldFlex, isNullableAnywhere, presentVersions, SCALAR_METHODS, type Emitter } from './emit-types.ts';
import { structFlex } from './emit-read.ts';

/** `const $x = value.x ?? default` (keeping an explicit null when the default is not null). */
function localFor(e: Emitter, struct: StructDef, field: FieldDef): string {
  const fallback = defaultExpr(e, field);
  const keepsNull = isNullableAnywhere(struct, field) && fallback !== 'null';
  const read = keepsNull ? `value.${field.prop} === undefined ? ${fallback} : value.${field.prop}` : `value.${field.prop} ?? ${fallback}`;
  return `const $${field.prop} = ${read};`;
}

function writeNullMarker(type: FieldType, flex: Cond, w: string): string {
  if (type.kind === 'struct') return `${w}.writeInt8(-1);`;
  const isString = type.kind === 'primitive' && type.name === 'string';
  return pickStatement(flex, `${w}.writeUnsignedVarint(0);`, isString ? `${w}.writeInt16(-1);` : `${w}.writeInt32(-1);`);
}

/** Writes a value known not to be null. */
function emitNonNullWrite(code: CodeBuilder, type: FieldType, local: string, flex: Cond, nullable: Cond, w: string): void {
  if (type.kind === 'struct') {
    if (nullable === true) code.line(`${w}.writeInt8(1);`);
    else if (nullable !== false) code.line(`if (${nullable}) ${w}.writeInt8(1);`);
    code.line(`write${type.struct.name}(${w}, version, ${local});`);
    return;
  }
  if (type.kind === 'array') {
    code.line(pickStatement(flex, `${w}.writeCompactArrayLength(${local}.length);`, `${w}.writeArrayLength(${local}.length);`));
    code.line(`for (const item of ${local}) ${elementWrite(type.element, flex, w)}`);
    return;
  }
  code.line(scalarWrite(type.name, local, flex, w));
}

function elementWrite(type: FieldType, flex: Cond, w: string): string {
  if (type.kind === 'struct') return `write${type.struct.name}(${w}, version, item);`;
  if (type.kind === 'array') throw new Error('nested arrays are not in the schema language');
  return scalarWrite(type.name, 'item', flex, w);
}

function scalarWrite(name: string, local: string, flex: Cond, w: string): string {
  if (name === 'string') return pickStatement(flex, `${w}.writeCompactString(${local});`, `${w}.writeString(${local});`);
  if (name === 'bytes') return pickStatement(flex, `${w}.writeCompactBytes(${local});`, `${w}.writeBytes(${local});`);
  if (name === 'records') return `${w}.writeRecords(${local}, ${flex === true ? 'true' : flex === false ? 'false' : flex});`;
  return `${w}.write${SCALAR_METHODS[name]}(${local});`;
}

/** Writes `$prop` (already declared) with writer `w`. */
function emitValueWrite(e: Emitter, code: CodeBuilder, struct: StructDef, field: FieldDef, flex: Cond, w: string): void {
  const versions = presentVersions(struct, field);
  const nullable = rangeCond(field.nullableVersions, versions);
  const fFlex = fieldFlex(field, flex, versions);
  const local = `$${field.prop}`;
  if (!isNullableAnywhere(struct, field)) {
    emitNonNullWrite(code, field.type, local, fFlex, false, w);
    return;
  }
  code.line(`if (${local} === null) {`);
  code.indent(() => {
    code.branch(not(nullable), () => {
      e.runtime.add('nullFieldError');
      code.line(`throw nullFieldError('${struct.name}.${field.name}', version);`);
    });
    if (nullable !== false) code.line(writeNullMarker(field.type, fFlex, w));
  });
  code.line('} else {');
  code.indent(() => emitNonNullWrite(code, field.type, local, fFlex, nullable, w));
  code.line('}');
}

/** The condition under which a tagged field differs from its default and must be written. */
function differsFromDefault(e: Emitter, struct: StructDef, field: FieldDef): string {
  const local = `value.${field.prop}`;
  const fallback = defaultExpr(e, field);
  const type = field.type;
  const nullable = isNullableAnywhere(struct, field);
  const hasLength = type.kind === 'array' || (type.kind === 'primitive' && (type.name === 'bytes' || type.name === 'records'));
  if (fallback === 'null') return `${local} !== null`;
  if (hasLength) return nullable ? `(${local} === null || ${local}.length !== 0)` : `${local}.length !== 0`;
  if (type.kind === 'struct') {
    e.runtime.add('isDefaultValue');
    return `!isDefaultValue(${local}, ${fallback})`;
  }
  return `${local} !== ${fallback}`;
}

export function emitStructWrite(e: Emitter, code: CodeBuilder, struct: StructDef, isTop: boolean): void {
  const { flex, declaration } = structFlex(e, struct);
  const signature = `function write${struct.name}(writer: Writer, version: number, value: ${struct.name}): void`;
  code.block(`${isTop ? 'export ' : ''}${signature}`, () => {
    if (isTop) {
      e.runtime.add('checkVersion');
      code.line(`checkVersion('${struct.name}', version, ${e.model.validVersions.min}, ${e.model.validVersions.max});`);
    }
    if (declaration !== null) code.line(declaration);
    for (const field of struct.fields) {
      if (field.tag !== null) continue;
      const present = rangeCond(field.versions, struct.versions);
      const body = (): void => {
        code.line(localFor(e, struct, field));
        emitValueWrite(e, code, struct, field, flex, 'writer');
      };
      if (present === true) body();
      else if (present !== false) code.block(`if (${present})`, body);
    }
    code.branch(flex, () => emitTaggedWrite(e, code, struct));
  });
}

function emitTaggedWrite(e: Emitter, code: CodeBuilder, struct: StructDef): void {
  e.runtime.add('writeTaggedFields');
  const flexibleVersions = struct.versions.filter((v) => inRange(e.model.flexibleVersions, v));
  const tagged = struct.fields.filter((f) => f.tag !== null && presentVersions(struct, f).length > 0);
  if (tagged.length === 0) {
    code.line('writeTaggedFields(writer, value._unknownTaggedFields);');
    return;
  }
  e.needsWriterClass = true;
  // An undefined tagged field is its default: decided without allocating a default value.
  for (const field of tagged) {
    const cond = rangeCond(field.taggedVersions, flexibleVersions);
    const clauses = [`value.${field.prop} !== undefined`, ...(cond === true ? [] : [cond]), differsFromDefault(e, struct, field)];
    code.line(`const $emit${field.name} = ${clauses.join(' && ')};`);
  }
  const anyKnown = tagged.map((f) => `$emit${f.name}`).join(' || ');
  code.line(`if (!(${anyKnown})) {`);
  code.indent(() => code.line('writeTaggedFields(writer, value._unknownTaggedFields);'));
  code.line('} else {');
  code.indent(() => {
    code.line('const tagged: UnknownTaggedField[] = value._unknownTaggedFields === undefined ? [] : [...value._unknownTaggedFields];');
    for (const field of tagged) {
      code.block(`if ($emit${field.name})`, () => {
        code.line(localFor(e, struct, field));
        code.line('const tagWriter = new Writer(64);');
        emitValueWrite(e, code, struct, field, true, 'tagWriter');
        code.line(`tagged.push({ tag: ${field.tag}, data: tagWriter.toBuffer() });`);
      });
    }
    code.line('writeTaggedFields(writer, tagged);');
  });
  code.line('}');
}
