// Emits one generated module per message: interfaces, a Meta constant and straight-line readers/writers
// whose only runtime decisions are `version >= N` checks.

import { CodeBuilder, quote } from './code-builder.ts';
import { inRange, type MessageModel, type StructDef } from './schema.ts';
import { defaultExpr, GENERATED_HEADER, isNullableAnywhere, isOptional, tsType, type Emitter } from './emit-types.ts';
import { emitStructRead } from './emit-read.ts';
import { emitStructWrite } from './emit-write.ts';

export function shortName(model: MessageModel): string {
  if (model.kind === 'request' || model.kind === 'response') return model.name.replace(/(Request|Response)$/, '');
  return model.name;
}

function isFlexibleSomewhere(model: MessageModel, struct: StructDef): boolean {
  return struct.versions.some((v) => inRange(model.flexibleVersions, v));
}

function emitInterface(e: Emitter, code: CodeBuilder, struct: StructDef): void {
  code.block(`export interface ${struct.name}`, () => {
    for (const field of struct.fields) {
      const optional = isOptional(struct, field) ? '?' : '';
      code.line(`${field.prop}${optional}: ${tsType(e, field.type, isNullableAnywhere(struct, field))};`);
    }
    if (isFlexibleSomewhere(e.model, struct)) code.line('_unknownTaggedFields?: UnknownTaggedField[];');
  });
  code.line();
}

function emitMeta(model: MessageModel, code: CodeBuilder): void {
  code.block(
    `export const ${model.name}Meta =`,
    () => {
      if (model.raw.apiKey !== undefined) code.line(`apiKey: ${model.raw.apiKey},`);
      code.line(`name: ${quote(shortName(model))},`);
      code.line(`kind: ${quote(model.kind)},`);
      code.line(`minVersion: ${model.validVersions.min},`);
      code.line(`maxVersion: ${model.validVersions.max},`);
      code.line(`flexibleMinVersion: ${model.flexibleVersions === null ? 'null' : model.flexibleVersions.min},`);
      code.line(`latestVersionUnstable: ${model.raw.latestVersionUnstable === true},`);
      if (model.raw.listeners !== undefined) code.line(`listeners: [${model.raw.listeners.map(quote).join(', ')}],`);
    },
    '} as const;',
  );
  code.line();
}

function emitDefaultFactories(e: Emitter, code: CodeBuilder): void {
  const emitted = new Set<StructDef>();
  for (let pass = 0; pass < e.model.structs.length + 1; pass++) {
    let progress = false;
    for (const struct of e.model.structs) {
      if (!e.defaultFactories.has(struct) || emitted.has(struct)) continue;
      emitted.add(struct);
      progress = true;
      const props = struct.fields.map((f) => `${f.prop}: ${defaultExpr(e, f)}`).join(', ');
      code.line();
      code.block(`function default${struct.name}(): ${struct.name}`, () => code.line(`return { ${props} };`));
    }
    if (!progress) return;
  }
}

/** The module text for one message; `root` is the relative path from its folder to broker/protocol/. */
export function emitMessage(model: MessageModel, root: string): string {
  const e: Emitter = {
    model,
    root,
    runtime: new Set(),
    needsWriterClass: false,
    needsRecordsType: false,
    needsZeroUuid: false,
    needsProtocolError: false,
    defaultFactories: new Set(),
  };
  const body = new CodeBuilder();
  for (const struct of model.structs) emitInterface(e, body, struct);
  emitMeta(model, body);
  model.structs.forEach((struct, index) => {
    if (index > 0) body.line();
    emitStructRead(e, body, struct, index === 0);
  });
  for (const struct of model.structs) {
    body.line();
    emitStructWrite(e, body, struct, struct === model.top);
  }
  emitDefaultFactories(e, body);
  return imports(e) + '\n' + body.toString();
}

function imports(e: Emitter): string {
  const lines = [GENERATED_HEADER, ''];
  lines.push(
    e.needsProtocolError
      ? `import { ProtocolError, type Reader } from '${e.root}reader.ts';`
      : `import type { Reader } from '${e.root}reader.ts';`,
  );
  if (e.needsWriterClass) {
    lines.push(`import { ${e.needsRecordsType ? 'type RecordsValue, ' : ''}Writer } from '${e.root}writer.ts';`);
  } else {
    lines.push(`import type { ${e.needsRecordsType ? 'RecordsValue, ' : ''}Writer } from '${e.root}writer.ts';`);
  }
  if (e.needsZeroUuid) lines.push(`import { ZERO_UUID } from '${e.root}uuid.ts';`);
  const runtime = [...e.runtime].sort();
  if (e.model.structs.some((s) => isFlexibleSomewhere(e.model, s))) runtime.push('type UnknownTaggedField');
  lines.push(`import { ${runtime.join(', ')} } from '${e.root}generated-runtime.ts';`);
  return lines.join('\n') + '\n';
}
