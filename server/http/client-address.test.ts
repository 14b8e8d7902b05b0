import { describe, expect, it } from 'vitest';
import { parseTrustedProxies, resolveClientAddress } from './client-address.ts';

describe('resolveClientAddress', () => {
  it('uses the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(resolveClientAddress('192.0.2.7', '203.0.113.9', null)).toBe('192.0.2.7');
    expect(resolveClientAddress('::ffff:192.0.2.7', undefined, null)).toBe('192.0.2.7');
    expect(resolveClientAddress(undefined, '203.0.113.9', null)).toBe('unknown');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    const proxies = parseTrustedProxies('10.0.0.0/8');
    expect(resolveClientAddress('192.0.2.7', '203.0.113.9', proxies)).toBe('192.0.2.7');
  });

  it('takes the right-most untrusted address behind trusted proxies, never the client-written left end', () => {
    const proxies = parseTrustedProxies('10.0.0.0/8, 2001:db8::/32');
    expect(resolveClientAddress('10.0.0.1', '198.51.100.1, 203.0.113.9, 10.0.0.2', proxies)).toBe('203.0.113.9');
    expect(resolveClientAddress('::ffff:10.0.0.1', '203.0.113.9', proxies)).toBe('203.0.113.9');
    expect(resolveClientAddress('2001:db8::5', '2001:DB9::6, 2001:db8:ffff::1', proxies)).toBe('2001:db9::6');
    // Every hop is ours: the left-most of them is as far as we can see.
    expect(resolveClientAddress('10.0.0.1', '10.0.0.3, 10.0.0.2', proxies)).toBe('10.0.0.3');
    // Garbage in the chain stops the walk at the last hop a proxy of ours vouched for.
    expect(resolveClientAddress('10.0.0.1', '203.0.113.9, not-an-address, 10.0.0.2', proxies)).toBe('10.0.0.2');
  });

  it('refuses a malformed SAMSA_TRUSTED_PROXIES entry by name', () => {
    expect(parseTrustedProxies(undefined)).toBeNull();
    expect(parseTrustedProxies(' ')).toBeNull();
    expect(() => parseTrustedProxies('10.0.0.0/8,10.0.0.0/33')).toThrow(/"10\.0\.0\.0\/33"/);
    expect(() => parseTrustedProxies('proxy.local')).toThrow(/"proxy\.local"/);
    expect(parseTrustedProxies('192.0.2.1')?.check('192.0.2.1', 'ipv4')).toBe(true);
  });
});
