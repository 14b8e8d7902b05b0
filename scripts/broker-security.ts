// How `npm start` secures the built-in broker and logs the console in to it. Every start generates a SASL
// user for the console (`samsa-console`, random password, given to the broker as a start user, so no
// client can alter it over the protocol). The broker records every change with the SASL principal that
// made it, and the console skips only the changes made as this user: its own, audited already.
//
//   plaintext (default)  the main port stays PLAINTEXT, with no authentication (the Kafka examples need
//                        it); the console connects to an extra SASL_PLAINTEXT listener on a free loopback port
//   sasl_plaintext       the main port asks for SASL (SCRAM or PLAIN); the console logs in there
//   sasl_ssl             the main port asks for SASL over TLS; certificate from SAMSA_BROKER_TLS_CERT/_KEY
//                        or generated (scripts/broker-certificate.ts); the console verifies it
import { randomBytes } from 'node:crypto';
import { loadOrCreateBrokerCertificate, type BrokerCertificate } from './broker-certificate.ts';

export const brokerSecurityModes = ['plaintext', 'sasl_plaintext', 'sasl_ssl'] as const;
export type BrokerSecurityMode = (typeof brokerSecurityModes)[number];

export const consoleSaslUser = 'samsa-console';
const consoleSaslMechanism = 'SCRAM-SHA-512';

export interface BrokerSecurity {
  mode: BrokerSecurityMode;
  /** Flags for broker/main.ts beside --port and --data-dir. */
  brokerArgs: string[];
  /** Environment for the broker process: its start users, the console's included. */
  brokerEnv: Record<string, string>;
  certificate: BrokerCertificate | null;
  /** The console's environment once the broker runs: where and how it logs in. */
  consoleEnv(listeners: BrokerListeners): Record<string, string>;
}

/** What the broker printed: its main port and its extra listeners by security protocol. */
export interface BrokerListeners {
  host: string;
  mainPort: number;
  extraPorts: Map<string, number>;
}

export function parseBrokerSecurityMode(value: string | undefined): BrokerSecurityMode {
  const mode = (value ?? 'plaintext').trim().toLowerCase();
  const known = brokerSecurityModes.find((candidate) => candidate === mode);
  if (known === undefined)
    throw new Error(
      `SAMSA_BROKER_SECURITY (or --broker-security) must be one of ${brokerSecurityModes.join(', ')}, not ${JSON.stringify(value)}`,
    );
  return known;
}

export async function prepareBrokerSecurity(
  mode: BrokerSecurityMode,
  env: Record<string, string | undefined>,
  dataDir: string,
): Promise<BrokerSecurity> {
  // base64url: no ',' or '=' that would break SAMSA_BROKER_SASL_USERS's name=password,... list.
  const password = randomBytes(32).toString('base64url');
  const startUsers = [env.SAMSA_BROKER_SASL_USERS ?? '', `${consoleSaslUser}=${password}`].filter((entry) => entry !== '').join(',');
  const certificate =
    mode === 'sasl_ssl'
      ? await loadOrCreateBrokerCertificate({
          dataDir,
          certFile: nonEmpty(env.SAMSA_BROKER_TLS_CERT),
          keyFile: nonEmpty(env.SAMSA_BROKER_TLS_KEY),
          caFile: nonEmpty(env.SAMSA_BROKER_TLS_CA),
        })
      : null;
  const brokerArgs =
    mode === 'plaintext'
      ? ['--sasl-port', '0']
      : mode === 'sasl_plaintext'
        ? ['--security-protocol', 'SASL_PLAINTEXT']
        : ['--security-protocol', 'SASL_SSL', '--tls-cert', certificate!.certFile, '--tls-key', certificate!.keyFile];
  return {
    mode,
    brokerArgs,
    brokerEnv: { SAMSA_BROKER_SASL_USERS: startUsers },
    certificate,
    consoleEnv(listeners) {
      const port = mode === 'plaintext' ? listeners.extraPorts.get('SASL_PLAINTEXT') : listeners.mainPort;
      if (port === undefined) throw new Error('the broker reported no SASL_PLAINTEXT listener for the console');
      return {
        SAMSA_KAFKA_BOOTSTRAP: `${listeners.host}:${port}`,
        SAMSA_KAFKA_CLIENT_BOOTSTRAP: `${listeners.host}:${listeners.mainPort}`,
        SAMSA_KAFKA_SASL_USERNAME: consoleSaslUser,
        SAMSA_KAFKA_SASL_PASSWORD: password,
        SAMSA_KAFKA_SASL_MECHANISM: consoleSaslMechanism,
        ...(certificate ? { SAMSA_KAFKA_TLS_CA_FILE: certificate.caFile } : {}),
      };
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
