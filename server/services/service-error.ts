// Errors services throw; the tRPC error middleware maps each class to one tRPC code, in one place.
// The cluster client's own errors (ClusterError, UnsupportedByClusterError) are in kafka/cluster-error.ts.
export class ServiceError extends Error {
  override name = 'ServiceError';
}
export class NotFoundError extends ServiceError {
  override name = 'NotFoundError';
}
export class ConflictError extends ServiceError {
  override name = 'ConflictError';
}
export class ValidationError extends ServiceError {
  override name = 'ValidationError';
}
export class ForbiddenError extends ServiceError {
  override name = 'ForbiddenError';
}
/** The audit record could not be written, so the change was not attempted. */
export class AuditUnavailableError extends ServiceError {
  override name = 'AuditUnavailableError';
}
/** Too many attempts in the rate-limit window (e.g. guesses of the current password). */
export class TooManyAttemptsError extends ServiceError {
  override name = 'TooManyAttemptsError';
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}
