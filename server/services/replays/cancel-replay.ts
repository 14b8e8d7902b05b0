// Cancels a replay that has not finished (planned, awaiting approval, running or paused). What was already
// copied stays in the target (committed transactions); the audit record says how much.
import { z } from 'zod';
import type { ReplayStatus } from '../../../domain/replay.ts';
import type { VerbArgs } from '../service-context.ts';
import { transitionReplay } from './replay-transition.ts';

export const CancelReplayInput = z.object({ id: z.string().min(1).max(100) });
export type CancelReplayInput = z.infer<typeof CancelReplayInput>;

export async function cancelReplay({ ctx, input }: VerbArgs<typeof CancelReplayInput>): Promise<{ status: ReplayStatus }> {
  const { id } = CancelReplayInput.parse(input);
  return transitionReplay(ctx, id, {
    action: 'replay.cancel',
    from: ['planned', 'awaiting_approval', 'running', 'paused'],
    to: 'cancelled',
    verbPast: 'cancelled',
  });
}
