// Turns a listener's security protocol into what its server needs: a TLS key pair (SSL, SASL_SSL) and a
// per-connection SASL session (SASL_PLAINTEXT, SASL_SSL). Validates the security settings once, at start-up,
// so a misconfigured broker refuses to start rather than refusing clients.

import { readFile } from 'node:fs/promises';
import type { BrokerConfig, SecurityProtocol } from '../config.ts';
import { SaslSession, isSaslMechanismName, type SaslMechanismName } from './sasl-session.ts';
import type { ScramCredentialStore } from './scram-credential-store.ts';

export const SECURITY_PROTOCOLS: readonly SecurityProtocol[] = ['PLAINTEXT', 'SASL_PLAINTEXT', 'SSL', 'SASL_SSL'];

export interface ListenerSecurity {
  tls: { cert: Buffer; key: Buffer } | null;
  createSaslSession: (() => SaslSession) | null;
}

export function usesSasl(protocol: SecurityProtocol): boolean {
  return protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';
}

export function usesTls(protocol: SecurityProtocol): boolean {
  return protocol === 'SSL' || protocol === 'SASL_SSL';
}

/** Returns the security of each protocol the configured listeners use; throws on bad settings. */
export async function loadListenerSecurity(
  config: BrokerConfig,
  credentials: ScramCredentialStore,
): Promise<(protocol: SecurityProtocol) => ListenerSecurity> {
  const protocols = [config.securityProtocol, ...config.extraListeners.map((listener) => listener.securityProtocol)];
  for (const protocol of protocols) {
    if (!SECURITY_PROTOCOLS.includes(protocol)) throw new Error(`unknown security protocol ${String(protocol)}`);
  }
  const mechanisms = validMechanisms(config.saslMechanisms, protocols.some(usesSasl));
  let tls: ListenerSecurity['tls'] = null;
  if (protocols.some(usesTls)) {
    if (config.tlsCertFile === null || config.tlsKeyFile === null)
      throw new Error('SSL and SASL_SSL listeners need a TLS certificate and key file');
    tls = { cert: await readFile(config.tlsCertFile), key: await readFile(config.tlsKeyFile) };
  }
  const createSaslSession = () => new SaslSession(mechanisms, credentials);
  return (protocol) => ({
    tls: usesTls(protocol) ? tls : null,
    createSaslSession: usesSasl(protocol) ? createSaslSession : null,
  });
}

function validMechanisms(names: readonly string[], required: boolean): SaslMechanismName[] {
  const mechanisms: SaslMechanismName[] = [];
  for (const name of names) {
    if (!isSaslMechanismName(name)) throw new Error(`unsupported SASL mechanism ${name} (supported: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)`);
    if (!mechanisms.includes(name)) mechanisms.push(name);
  }
  if (required && mechanisms.length === 0) throw new Error('a SASL listener needs at least one SASL mechanism');
  return mechanisms;
}
