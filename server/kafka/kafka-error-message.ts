// @platformatic/kafka nests causes (MultipleErrors -> ResponseError -> ProtocolError). Users need the
// innermost messages ("Topic already exists"), not "Creating topics failed.", so flatten them, bounded,
// preferring the message the cluster sent over the client's generic text for the error code.
const maxMessages = 5;
const maxDepth = 6;

export function kafkaErrorMessage(error: unknown): string {
  const messages: string[] = [];
  collect(error, 0, messages);
  const unique = [...new Set(messages)].slice(0, maxMessages);
  return unique.length > 0 ? unique.join('; ') : String(error);
}

function collect(error: unknown, depth: number, into: string[]): void {
  if (depth > maxDepth || into.length >= maxMessages * 4 || !(error instanceof Error)) return;
  const nested: unknown[] = [];
  if (error instanceof AggregateError) nested.push(...error.errors);
  if (error.cause) nested.push(error.cause);
  const inner = error as { errors?: unknown };
  if (!(error instanceof AggregateError) && inner.errors && typeof inner.errors === 'object') {
    // ResponseError: errors is a record of path -> ProtocolError
    nested.push(...Object.values(inner.errors as Record<string, unknown>));
  }
  if (nested.length === 0) {
    // A ProtocolError's message is the generic text of its error code ("Configuration is invalid."); the
    // cluster's own explanation ("Invalid value abc for configuration retention.ms ...") is what helps.
    const serverMessage = (error as { serverErrorMessage?: unknown }).serverErrorMessage;
    into.push(typeof serverMessage === 'string' && serverMessage.length > 0 ? serverMessage : error.message);
    return;
  }
  for (const item of nested) collect(item, depth + 1, into);
}

export function isUnsupportedApiError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth <= maxDepth; depth++) {
    if ((current as { code?: string }).code === 'PLT_KFK_UNSUPPORTED_API') return true;
    if (current instanceof AggregateError && current.errors.some(isUnsupportedApiError)) return true;
    current = current.cause;
  }
  return false;
}
