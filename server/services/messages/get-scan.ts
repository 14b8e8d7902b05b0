// A search's progress and its matches from index `since` on (the page asks only for what it has not got).
import { z } from 'zod';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';
import type { ScanSnapshot } from './scan-registry.ts';

export const GetScanInput = z.object({ scanId: z.string().uuid(), since: z.number().int().min(0).max(1_000_000).default(0) });
export type GetScanInput = z.infer<typeof GetScanInput>;

export function getScan({ ctx, input: rawInput }: VerbArgs<typeof GetScanInput>): ScanSnapshot {
  const input = GetScanInput.parse(rawInput);
  const snapshot = ctx.scans.snapshot(input.scanId, ctx.actor.userId, input.since);
  if (!snapshot) throw new NotFoundError('This search is no longer kept (searches are kept 10 minutes after they end); run it again.');
  return snapshot;
}
