import { describe, expect, it } from 'vitest';
import { diffGenerated, generateAll } from './generate.ts';
import { GENERATED_HEADER } from './emit-types.ts';
import { kebabCase } from './schema.ts';

describe('protocol code generator', () => {
  const generated = generateAll();

  it('reproduces the committed generated/ directory byte for byte', () => {
    expect(diffGenerated(generated)).toEqual([]);
  });

  it('is deterministic and marks every file as generated', () => {
    const again = generateAll();
    expect([...again.keys()]).toEqual([...generated.keys()]);
    for (const [file, text] of generated) {
      expect(again.get(file)).toBe(text);
      expect(text.startsWith(GENERATED_HEADER + '\n')).toBe(true);
    }
  });

  it('carries no documentation prose from the definitions', () => {
    const fetch = generated.get('fetch-request.ts')!;
    expect(fetch).not.toContain('The maximum time in milliseconds');
    expect(fetch).toContain('export function readFetchRequest(reader: Reader, version: number): FetchRequest');
  });

  it('names files in kebab case after the message', () => {
    expect(kebabCase('ApiVersionsRequest')).toBe('api-versions-request');
    expect(kebabCase('OffsetForLeaderEpochResponse')).toBe('offset-for-leader-epoch-response');
    expect(generated.has('coordinator/offset-commit-value.ts')).toBe(true);
    expect(generated.has('consumer-protocol-subscription.ts')).toBe(true);
  });
});
