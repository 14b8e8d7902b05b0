// The dry run of an offset reset: per partition current -> new offset, lag before -> after, records
// reprocessed or skipped, plus the equivalent kafka-consumer-groups.sh command line. Changes nothing.
import type { VerbArgs } from '../service-context.ts';
import { planReset, ResetRequest, type ResetPlan } from './reset-request.ts';

export const PreviewResetOffsetsInput = ResetRequest;
export type PreviewResetOffsetsInput = ResetRequest;

export async function previewResetOffsets({ ctx, input: unparsed }: VerbArgs<typeof PreviewResetOffsetsInput>): Promise<ResetPlan> {
  const input = PreviewResetOffsetsInput.parse(unparsed);
  return planReset(ctx, input);
}
