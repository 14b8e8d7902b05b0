// SASL state of one connection on a SASL listener (Kafka's SaslServerAuthenticator):
//   awaiting-handshake --SaslHandshake v1--> awaiting-authenticate --SaslAuthenticate...--> authenticated
//                      --SaslHandshake v0--> awaiting-raw-token (tokens framed without Kafka headers)
// Until authenticated only ApiVersions, SaslHandshake and SaslAuthenticate are served; anything else
// closes the connection. A failed exchange answers SASL_AUTHENTICATION_FAILED and closes.

import { PlainServerExchange } from './plain-server-exchange.ts';
import { ScramServerExchange, type SaslStep } from './scram-server-exchange.ts';
import { scramMechanismByName } from './scram-mechanism.ts';
import type { ScramCredentialStore } from './scram-credential-store.ts';

export const SASL_MECHANISM_NAMES = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanismName = (typeof SASL_MECHANISM_NAMES)[number];

export function isSaslMechanismName(name: string): name is SaslMechanismName {
  return (SASL_MECHANISM_NAMES as readonly string[]).includes(name);
}

export type SaslState = 'awaiting-handshake' | 'awaiting-authenticate' | 'awaiting-raw-token' | 'authenticated' | 'failed';

/** Published for every finished authentication (the metrics exporter counts them). */
export interface SaslAuthenticationEvent {
  mechanism: string;
  principal: string | null;
  succeeded: boolean;
}

interface SaslExchange {
  evaluate(token: Buffer<ArrayBufferLike>): SaslStep;
}

export class SaslSession {
  readonly enabledMechanisms: readonly SaslMechanismName[];
  private readonly credentials: ScramCredentialStore;
  private currentState: SaslState = 'awaiting-handshake';
  private exchange: SaslExchange | null = null;
  private selectedMechanism: SaslMechanismName | null = null;
  private authenticatedPrincipal: string | null = null;

  constructor(enabledMechanisms: readonly SaslMechanismName[], credentials: ScramCredentialStore) {
    this.enabledMechanisms = enabledMechanisms;
    this.credentials = credentials;
  }

  get state(): SaslState {
    return this.currentState;
  }

  get authenticated(): boolean {
    return this.currentState === 'authenticated';
  }

  get principal(): string | null {
    return this.authenticatedPrincipal;
  }

  get mechanism(): SaslMechanismName | null {
    return this.selectedMechanism;
  }

  /** SaslHandshake: selects the mechanism; false when it is not enabled on this listener. */
  handshake(mechanism: string, handshakeVersion: number): boolean {
    if (!isSaslMechanismName(mechanism) || !this.enabledMechanisms.includes(mechanism)) return false;
    this.selectedMechanism = mechanism;
    this.exchange = this.createExchange(mechanism);
    this.currentState = handshakeVersion === 0 ? 'awaiting-raw-token' : 'awaiting-authenticate';
    return true;
  }

  /** One client token (SaslAuthenticate's authBytes, or a raw v0 token). */
  authenticate(token: Buffer<ArrayBufferLike>): SaslStep {
    if (this.exchange === null) return { kind: 'failed', message: 'no SASL mechanism was selected' };
    const step = this.exchange.evaluate(token);
    if (step.kind === 'done') {
      this.currentState = 'authenticated';
      this.authenticatedPrincipal = step.principal;
      this.exchange = null;
    } else if (step.kind === 'failed') {
      this.currentState = 'failed';
      this.exchange = null;
    }
    return step;
  }

  private createExchange(mechanism: SaslMechanismName): SaslExchange {
    if (mechanism === 'PLAIN') return new PlainServerExchange((user, password) => this.credentials.checkPassword(user, password));
    const scram = scramMechanismByName(mechanism)!;
    return new ScramServerExchange(scram, (user, wanted) => this.credentials.lookup(user, wanted));
  }
}
