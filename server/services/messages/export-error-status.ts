// The HTTP status of a failed export (the one download outside tRPC), from the same ServiceError classes the
// tRPC middleware maps.
import { z } from 'zod';
import { ClusterError } from '../../kafka/cluster-error.ts';
import { ConflictError, ForbiddenError, NotFoundError, TooManyAttemptsError, ValidationError } from '../service-error.ts';

export function exportErrorStatus(error: unknown): number {
  if (error instanceof ValidationError || error instanceof z.ZodError) return 400;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof TooManyAttemptsError) return 429;
  if (error instanceof ClusterError) return 502;
  return 500;
}
