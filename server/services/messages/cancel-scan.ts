// Stops one of the user's own searches, queued or running; what it found so far stays readable.
import { z } from 'zod';
import type { ServiceContext } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';

export const CancelScanInput = z.object({ scanId: z.string().uuid() });
export type CancelScanInput = z.infer<typeof CancelScanInput>;

export function cancelScan({ ctx, input }: { ctx: ServiceContext; input: CancelScanInput }): void {
  if (!ctx.scans.cancel(input.scanId, ctx.actor.userId)) throw new NotFoundError('No such search of yours.');
}
