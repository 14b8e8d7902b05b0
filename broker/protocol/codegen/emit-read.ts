// Emits struct readers: locals read in wire order, one object literal (a stable shape), then the
// tagged-field section. Absent fields get their defaults, so a decoded value is always complete.

import { type CodeBuilder, not, pick, rangeCond, type Cond } from './code-builder.ts';
import { inRange, type FieldDef, type FieldType, type StructDef } from './schema.ts';
import { defaultExpr, fieldFlex, isNullableAnywhere, presentVersions, SCALAR_METHODS, tsType, type Emitter } from './emit-types.ts';

/** The struct's flexibility: constant, or the local `flexible` declared at the top of its functions. */
export function structFlex(e: Emitter, struct: StructDef): { flex: Cond; declaration: string | null } {
  const cond = rangeCond(e.model.flexibleVersions, struct.versions);
  if (typeof cond === 'string') return { flex: 'flexible', declaration: `const flexible = ${cond};` };
  return { flex: cond, declaration: null };
}

function readExpr(type: FieldType, flex: Cond, nullable: Cond): string {
  if (type.kind === 'struct') {
    const read = `read${type.struct.name}(reader, version)`;
    return pick(nullable, `reader.readInt8() < 0 ? null : ${read}`, read);
  }
  if (type.kind === 'array') throw new Error('arrays are read as statements');
  if (type.name === 'string') {
    return pick(
      nullable,
      pick(flex, 'reader.readCompactNullableString()', 'reader.readNullableString()'),
      pick(flex, 'reader.readCompactString()', 'reader.readString()'),
    );
  }
  if (type.name === 'bytes' || type.name === 'records') {
    return pick(
      nullable,
      pick(flex, 'reader.readCompactNullableBytes()', 'reader.readNullableBytes()'),
      pick(flex, 'reader.readCompactBytes()', 'reader.readBytes()'),
    );
  }
  return `reader.read${SCALAR_METHODS[type.name]}()`;
}

/** Statements reading `field` into `target` (declared as a local when `declare`). */
function emitFieldRead(
  e: Emitter,
  code: CodeBuilder,
  struct: StructDef,
  field: FieldDef,
  target: string,
  declare: boolean,
  present: Cond,
  flex: Cond,
): void {
  const versions = presentVersions(struct, field);
  const nullable = rangeCond(field.nullableVersions, versions);
  const fFlex = fieldFlex(field, flex, versions);
  const type = tsType(e, field.type, isNullableAnywhere(struct, field));
  if (field.type.kind !== 'array') {
    const read = readExpr(field.type, fFlex, nullable);
    const assign = declare ? `const ${target}: ${type} = ` : `${target} = `;
    code.line(`${assign}${present === true ? read : pick(present, read, defaultExpr(e, field))};`);
    return;
  }
  const element = field.type.element;
  if (declare) code.line(present === true ? `let ${target}: ${type};` : `let ${target}: ${type} = ${defaultExpr(e, field)};`);
  const readArray = (): void => {
    code.line(`const count = ${pick(fFlex, 'reader.readCompactArrayLength()', 'reader.readArrayLength()')};`);
    code.line('if (count < 0) {');
    code.indent(() => {
      code.branch(not(nullable), () => {
        e.needsProtocolError = true;
        code.line(`throw new ProtocolError('${struct.name}.${field.name} is null but not nullable in version ' + version);`);
      });
      if (nullable !== false) code.line(`${target} = null;`);
    });
    code.line('} else {');
    code.indent(() => {
      code.line(`const items: ${tsType(e, element, false)}[] = [];`);
      code.line(`for (let index = 0; index < count; index++) items.push(${readExpr(element, fFlex, false)});`);
      code.line(`${target} = items;`);
    });
    code.line('}');
  };
  // A block even when always present: each array read declares its own `count`.
  if (present === true) code.block('', readArray);
  else code.branch(present, readArray);
}

export function emitStructRead(e: Emitter, code: CodeBuilder, struct: StructDef, isTop: boolean): void {
  const { flex, declaration } = structFlex(e, struct);
  code.block(`${isTop ? 'export ' : ''}function read${struct.name}(reader: Reader, version: number): ${struct.name}`, () => {
    if (isTop) {
      e.runtime.add('checkVersion');
      code.line(`checkVersion('${struct.name}', version, ${e.model.validVersions.min}, ${e.model.validVersions.max});`);
    }
    if (declaration !== null) code.line(declaration);
    for (const field of struct.fields) {
      if (field.tag !== null) continue;
      emitFieldRead(e, code, struct, field, `$${field.prop}`, true, rangeCond(field.versions, struct.versions), flex);
    }
    const props = struct.fields.map((f) => `${f.prop}: ${f.tag === null ? `$${f.prop}` : defaultExpr(e, f)}`);
    if (flex === false) {
      code.line(`return { ${props.join(', ')} };`);
      return;
    }
    code.line(`const value: ${struct.name} = { ${props.join(', ')} };`);
    code.branch(flex, () => emitTaggedRead(e, code, struct));
    code.line('return value;');
  });
}

function emitTaggedRead(e: Emitter, code: CodeBuilder, struct: StructDef): void {
  const tagged = struct.fields.filter((f) => f.tag !== null && presentVersions(struct, f).length > 0);
  const flexibleVersions = struct.versions.filter((v) => inRange(e.model.flexibleVersions, v));
  e.runtime.add('readUnknownTaggedField');
  code.line('const taggedCount = reader.readTaggedFieldCount();');
  code.block('for (let t = 0; t < taggedCount; t++)', () => {
    code.line('const tag = reader.readUnsignedVarint();');
    code.line('const size = reader.readUnsignedVarint();');
    if (tagged.length === 0) {
      code.line('readUnknownTaggedField(reader, value, tag, size);');
      return;
    }
    e.runtime.add('checkTaggedFieldEnd');
    code.line("reader.ensure(size, 'tagged field');");
    code.line('const end = reader.offset + size;');
    tagged.forEach((field, index) => {
      const cond = rangeCond(field.taggedVersions, flexibleVersions);
      const test = cond === true ? `tag === ${field.tag}` : `tag === ${field.tag} && ${cond}`;
      code.line(`${index === 0 ? '' : '} else '}if (${test}) {`);
      code.indent(() => {
        emitFieldRead(e, code, struct, field, `value.${field.prop}`, false, true, true);
        code.line('checkTaggedFieldEnd(reader, tag, end);');
      });
    });
    code.line('} else {');
    code.indent(() => code.line('readUnknownTaggedField(reader, value, tag, size);'));
    code.line('}');
  });
}
