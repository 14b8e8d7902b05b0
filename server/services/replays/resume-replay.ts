// Resumes a paused replay where its last committed transaction left it.
import { z } from 'zod';
import type { ReplayStatus } from '../../../domain/replay.ts';
import type { VerbArgs } from '../service-context.ts';
import { transitionReplay } from './replay-transition.ts';

export const ResumeReplayInput = z.object({ id: z.string().min(1).max(100) });
export type ResumeReplayInput = z.infer<typeof ResumeReplayInput>;

export async function resumeReplay({ ctx, input }: VerbArgs<typeof ResumeReplayInput>): Promise<{ status: ReplayStatus }> {
  const { id } = ResumeReplayInput.parse(input);
  return transitionReplay(ctx, id, { action: 'replay.resume', from: ['paused'], to: 'running', verbPast: 'resumed' });
}
