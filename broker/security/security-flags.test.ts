import { describe, expect, it } from 'vitest';
import { parseSecurityFlags, type SecurityFlagValues } from './security-flags.ts';

const defaults: SecurityFlagValues = {
  'security-protocol': 'PLAINTEXT',
  listener: [],
  'sasl-mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
  'sasl-user': [],
};

describe('parseSecurityFlags', () => {
  it('turns the port flags into extra listeners and collects users from flags and the environment', () => {
    const config = parseSecurityFlags(
      {
        ...defaults,
        'sasl-port': '9093',
        'sasl-tls-port': '0',
        listener: ['ssl:9095'],
        'sasl-user': ['admin=a=b'],
        'metrics-port': '9404',
      },
      { SAMSA_BROKER_SASL_USERS: 'console=pw1,ops=pw2' },
    );
    expect(config.extraListeners).toEqual([
      { securityProtocol: 'SASL_PLAINTEXT', port: 9093 },
      { securityProtocol: 'SASL_SSL', port: 0 },
      { securityProtocol: 'SSL', port: 9095 },
    ]);
    expect(config.saslUsers).toEqual([
      { name: 'console', password: 'pw1' },
      { name: 'ops', password: 'pw2' },
      { name: 'admin', password: 'a=b' },
    ]);
    expect(config.metricsPort).toBe(9404);
  });

  it('rejects unknown protocols, bad ports and users without a password', () => {
    expect(() => parseSecurityFlags({ ...defaults, 'security-protocol': 'KERBEROS' }, {})).toThrow(/unknown security protocol/);
    expect(() => parseSecurityFlags({ ...defaults, 'sasl-port': '70000' }, {})).toThrow(/port number/);
    expect(() => parseSecurityFlags({ ...defaults, 'sasl-user': ['admin='] }, {})).toThrow(/name=password/);
  });
});
