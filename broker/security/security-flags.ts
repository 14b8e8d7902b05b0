// Command-line flags for listeners, SASL, TLS and metrics (broker/main.ts spreads these into its parser):
//   --security-protocol P          security of the main --port listener (PLAINTEXT, SASL_PLAINTEXT, SSL, SASL_SSL)
//   --sasl-port N                  an extra SASL_PLAINTEXT listener
//   --tls-port N                   an extra SSL listener;  --sasl-tls-port N: an extra SASL_SSL listener
//   --listener PROTOCOL:PORT       any extra listener (repeatable)
//   --sasl-mechanisms A,B          enabled mechanisms (default PLAIN,SCRAM-SHA-256,SCRAM-SHA-512)
//   --sasl-user name=password      a user ensured at start-up (repeatable); also SAMSA_BROKER_SASL_USERS=a=x,b=y
//   --tls-cert FILE --tls-key FILE PEM files for SSL / SASL_SSL
//   --metrics-port N               Prometheus endpoint GET /metrics

import type { BrokerConfig, ListenerConfig, SecurityProtocol } from '../config.ts';
import { SECURITY_PROTOCOLS } from './listener-security.ts';

export const SECURITY_FLAGS_USAGE = `  [--security-protocol PLAINTEXT] [--sasl-port N] [--tls-port N] [--sasl-tls-port N] [--listener SASL_SSL:N ...]
  [--sasl-mechanisms PLAIN,SCRAM-SHA-256,SCRAM-SHA-512] [--sasl-user name=password ...] [--tls-cert FILE] [--tls-key FILE]
  [--metrics-port N]`;

export const securityFlagOptions = {
  'security-protocol': { type: 'string' as const, default: 'PLAINTEXT' },
  'sasl-port': { type: 'string' as const },
  'tls-port': { type: 'string' as const },
  'sasl-tls-port': { type: 'string' as const },
  listener: { type: 'string' as const, multiple: true as const, default: [] as string[] },
  'sasl-mechanisms': { type: 'string' as const, default: 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512' },
  'sasl-user': { type: 'string' as const, multiple: true as const, default: [] as string[] },
  'tls-cert': { type: 'string' as const },
  'tls-key': { type: 'string' as const },
  'metrics-port': { type: 'string' as const },
};

export interface SecurityFlagValues {
  'security-protocol': string;
  'sasl-port'?: string;
  'tls-port'?: string;
  'sasl-tls-port'?: string;
  listener: string[];
  'sasl-mechanisms': string;
  'sasl-user': string[];
  'tls-cert'?: string;
  'tls-key'?: string;
  'metrics-port'?: string;
}

type SecurityConfig = Pick<
  BrokerConfig,
  'securityProtocol' | 'extraListeners' | 'saslMechanisms' | 'saslUsers' | 'tlsCertFile' | 'tlsKeyFile' | 'metricsPort'
>;

export function parseSecurityFlags(values: SecurityFlagValues, env: Record<string, string | undefined> = process.env): SecurityConfig {
  const extraListeners: ListenerConfig[] = [];
  if (values['sasl-port'] !== undefined)
    extraListeners.push({ securityProtocol: 'SASL_PLAINTEXT', port: port('sasl-port', values['sasl-port']) });
  if (values['tls-port'] !== undefined) extraListeners.push({ securityProtocol: 'SSL', port: port('tls-port', values['tls-port']) });
  if (values['sasl-tls-port'] !== undefined)
    extraListeners.push({ securityProtocol: 'SASL_SSL', port: port('sasl-tls-port', values['sasl-tls-port']) });
  for (const entry of values.listener) {
    const [protocol, portText] = entry.split(':');
    extraListeners.push({ securityProtocol: securityProtocol('listener', protocol), port: port('listener', portText ?? '') });
  }
  const envUsers = (env.SAMSA_BROKER_SASL_USERS ?? '').split(',').filter((entry) => entry !== '');
  return {
    securityProtocol: securityProtocol('security-protocol', values['security-protocol']),
    extraListeners,
    saslMechanisms: values['sasl-mechanisms']
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    saslUsers: [...envUsers, ...values['sasl-user']].map(parseUser),
    tlsCertFile: values['tls-cert'] ?? null,
    tlsKeyFile: values['tls-key'] ?? null,
    metricsPort: values['metrics-port'] === undefined ? null : port('metrics-port', values['metrics-port']),
  };
}

function port(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535 || text.trim() === '')
    throw new Error(`--${flag} needs a port number 0-65535, got ${JSON.stringify(text)}`);
  return value;
}

function securityProtocol(flag: string, text: string): SecurityProtocol {
  const protocol = SECURITY_PROTOCOLS.find((candidate) => candidate === text.toUpperCase());
  if (protocol === undefined) throw new Error(`--${flag}: unknown security protocol ${text} (one of ${SECURITY_PROTOCOLS.join(', ')})`);
  return protocol;
}

function parseUser(entry: string): { name: string; password: string } {
  const at = entry.indexOf('=');
  if (at <= 0 || at === entry.length - 1) throw new Error('--sasl-user expects name=password');
  return { name: entry.slice(0, at), password: entry.slice(at + 1) };
}
