// DescribeClientQuotas (48), v0-1. This broker enforces no client quotas and stores none, so every valid
// filter matches nothing: an empty entry list. The filter is validated as Kafka's ClientQuotasImage does
// (INVALID_REQUEST for an empty or repeated entity type, a match string that contradicts the match type, or
// ip mixed with user/client-id; UNSUPPORTED_VERSION for an unknown entity or match type), so
// `kafka-configs --describe --entity-type users|clients|ips` works. AlterClientQuotas is not offered (not
// advertised in ApiVersions): quotas that would not be enforced are better refused than silently stored.

import {
  readDescribeClientQuotasRequest,
  type ComponentData,
  type DescribeClientQuotasRequest,
} from '../protocol/generated/describe-client-quotas-request.ts';
import {
  writeDescribeClientQuotasResponse,
  type DescribeClientQuotasResponse,
} from '../protocol/generated/describe-client-quotas-response.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { defineHandler } from './api-handler.ts';

const ENTITY_TYPES = ['user', 'client-id', 'ip'];
const MATCH_EXACT = 0;
const MATCH_DEFAULT = 1;
const MATCH_ANY = 2;

export const describeClientQuotasHandler = defineHandler<DescribeClientQuotasRequest, DescribeClientQuotasResponse>({
  apiKey: 48,
  name: 'DescribeClientQuotas',
  minVersion: 0,
  maxVersion: 1,
  readRequest: readDescribeClientQuotasRequest,
  writeResponse: writeDescribeClientQuotasResponse,
  handle(_context, request) {
    const problem = filterProblem(request.components);
    if (problem !== null) return { throttleTimeMs: 0, errorCode: problem.errorCode, errorMessage: problem.message, entries: null };
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, entries: [] };
  },
});

/** Kafka's checks of a quota filter, in its order; null when the filter is valid. */
function filterProblem(components: readonly ComponentData[]): { errorCode: number; message: string } | null {
  const invalid = (message: string) => ({ errorCode: ErrorCode.INVALID_REQUEST, message });
  const seen = new Set<string>();
  for (const { entityType, matchType, match } of components) {
    if (entityType === '') return invalid('Invalid empty entity type.');
    if (seen.has(entityType)) return invalid(`Entity type ${entityType} cannot appear more than once in the filter.`);
    seen.add(entityType);
    if (!ENTITY_TYPES.includes(entityType))
      return { errorCode: ErrorCode.UNSUPPORTED_VERSION, message: `Unsupported entity type ${entityType}` };
    if (matchType === MATCH_EXACT && match === null) return invalid('Request specified MATCH_TYPE_EXACT, but set match string to null.');
    if (matchType === MATCH_DEFAULT && match !== null)
      return invalid('Request specified MATCH_TYPE_DEFAULT, but also specified a match string.');
    if (matchType === MATCH_ANY && match !== null)
      return invalid('Request specified MATCH_TYPE_SPECIFIED, but also specified a match string.');
    if (matchType !== MATCH_EXACT && matchType !== MATCH_DEFAULT && matchType !== MATCH_ANY) {
      return { errorCode: ErrorCode.UNSUPPORTED_VERSION, message: `Unsupported match type ${matchType}` };
    }
  }
  if (seen.has('ip') && (seen.has('user') || seen.has('client-id'))) {
    return invalid(
      'Invalid entity filter component combination. IP filter component should not be used with user or clientId filter component.',
    );
  }
  return null;
}
