// Stops one of the user's own searches, queued or running; what it found so far stays readable.
import { z } from 'zod';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';

export const CancelScanInput = z.object({ scanId: z.string().uuid() });
export type CancelScanInput = z.infer<typeof CancelScanInput>;

export function cancelScan({ ctx, input }: VerbArgs<typeof CancelScanInput>): void {
  const { scanId } = CancelScanInput.parse(input);
  if (!ctx.scans.cancel(scanId, ctx.actor.userId)) throw new NotFoundError('No such search of yours.');
}
