import { describe, expect, it } from 'vitest';
import { requestHeaderVersion, responseHeaderVersion } from './headers.ts';

describe('header versions', () => {
  it('use request header v2 only for flexible request versions', () => {
    expect(requestHeaderVersion(18, 3)).toBe(2);
    expect(requestHeaderVersion(18, 2)).toBe(1);
    expect(requestHeaderVersion(0, 8)).toBe(1);
    expect(requestHeaderVersion(0, 9)).toBe(2);
    expect(requestHeaderVersion(3, 0)).toBe(1);
  });

  it('use request header v0 only for ControlledShutdown v0', () => {
    expect(requestHeaderVersion(7, 0)).toBe(0);
    expect(requestHeaderVersion(7, 1)).toBe(1);
  });

  it('answer ApiVersions with response header v0 even in flexible versions', () => {
    expect(responseHeaderVersion(18, 3)).toBe(0);
    expect(responseHeaderVersion(18, 4)).toBe(0);
    expect(responseHeaderVersion(1, 12)).toBe(1);
    expect(responseHeaderVersion(1, 11)).toBe(0);
  });
});
