// The shape of one API's handler, and what every handler gets to work with.

import type { Reader } from '../protocol/reader.ts';
import type { Writer } from '../protocol/writer.ts';
import type { BrokerConfig } from '../config.ts';
import type { TopicRegistry } from '../topics/topic-registry.ts';
import type { AppendNotifier } from '../topics/append-notifier.ts';
import type { AdminChangeLog } from '../topics/admin-change-log.ts';
import type { GroupCoordinator } from '../coordinator/group-coordinator.ts';
import type { TransactionCoordinator } from '../transactions/transaction-coordinator.ts';
import type { SaslSession } from '../security/sasl-session.ts';
import type { ScramCredentialStore } from '../security/scram-credential-store.ts';

/** Broker-wide state shared by handlers. */
export interface BrokerState {
  readonly config: BrokerConfig;
  readonly topics: TopicRegistry;
  readonly appendNotifier: AppendNotifier;
  /** Where handlers record administrative changes made by clients (see admin-change-log.ts). */
  readonly adminChanges: AdminChangeLog;
  /** Classic consumer groups and committed offsets (broker/coordinator). */
  readonly groups: GroupCoordinator;
  /** Transactional ids, transactions and their markers (broker/transactions). */
  readonly transactions: TransactionCoordinator;
  /** The address clients are told to connect to (Metadata, FindCoordinator, DescribeCluster). */
  readonly advertisedHost: string;
  advertisedPort: number;
  /** SCRAM users (SASL PLAIN and SCRAM logins, Describe/AlterUserScramCredentials). */
  readonly scramCredentials: ScramCredentialStore;
}

export interface RequestContext {
  readonly broker: BrokerState;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly clientAddress: string;
  /**
   * The principal the connection authenticated as over SASL; null on PLAINTEXT and SSL listeners. Unlike
   * clientId, which every client chooses freely, it cannot be forged: admin-change records carry it so the
   * console can tell its own changes from everyone else's.
   */
  readonly principal: string | null;
  readonly connectionId: number;
  /** Aborted when the client's connection closes. */
  readonly signal: AbortSignal;
  /** The connection's SASL state on a SASL listener; null on PLAINTEXT and SSL listeners. */
  readonly sasl?: SaslSession | null;
}

/**
 * One API key. Handlers are invoked in request order per connection, and any state they must change in
 * request order (e.g. appends) is changed before their first `await`: responses are sent in order anyway,
 * but the effects of pipelined requests must be ordered too.
 */
export interface ApiHandler<Request, Response> {
  readonly apiKey: number;
  readonly name: string;
  /** The versions this broker implements and advertises. */
  readonly minVersion: number;
  readonly maxVersion: number;
  /**
   * What ApiVersions lists instead of minVersion. Only Produce has one: Kafka 4 advertises Produce v0-2
   * without serving them, because librdkafka compresses only when Produce v0 is listed (KAFKA-18659).
   */
  readonly advertisedMinVersion?: number;
  readonly readRequest: (reader: Reader, version: number) => Request;
  readonly writeResponse: (writer: Writer, version: number, response: Response) => void;
  /**
   * True when nothing refers to the request's bytes once handle() has resolved (Produce: the log has written
   * the batches), so the request's buffer is reused for a later request. Leave unset for any handler that
   * keeps a Buffer read from its request (bytes fields are views of the request, not copies).
   */
  readonly releasesRequestBytes?: boolean;
  /** Returns the response, or null when the protocol says none is sent (Produce acks=0). */
  readonly handle: (context: RequestContext, request: Request) => Promise<Response | null> | Response | null;
}

/** Erases the request/response types so handlers of different APIs fit in one registry. */
// biome-ignore lint/suspicious/noExplicitAny: handle() takes the request contravariantly, so no narrower type fits every handler
export type AnyApiHandler = ApiHandler<any, any>;

export function defineHandler<Request, Response>(handler: ApiHandler<Request, Response>): AnyApiHandler {
  return handler;
}

/** Thrown by a handler when Kafka's answer is to close the connection (e.g. a failed acks=0 produce). */
export class CloseConnection extends Error {}

/** Thrown by a handler when Kafka answers and then closes the connection (e.g. a failed SASL login). */
export class CloseAfterResponse extends Error {
  readonly response: unknown;

  constructor(reason: string, response: unknown) {
    super(reason);
    this.response = response;
  }
}
