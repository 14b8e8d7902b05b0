// Pauses a running replay after the transaction in flight; resume-replay.ts continues from Kafka's committed position.
import { z } from 'zod';
import type { ReplayStatus } from '../../../domain/replay.ts';
import type { VerbArgs } from '../service-context.ts';
import { transitionReplay } from './replay-transition.ts';

export const PauseReplayInput = z.object({ id: z.string().min(1).max(100) });
export type PauseReplayInput = z.infer<typeof PauseReplayInput>;

export async function pauseReplay({ ctx, input }: VerbArgs<typeof PauseReplayInput>): Promise<{ status: ReplayStatus }> {
  const { id } = PauseReplayInput.parse(input);
  return transitionReplay(ctx, id, { action: 'replay.pause', from: ['running'], to: 'paused', verbPast: 'paused' });
}
