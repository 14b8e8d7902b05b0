// An operator or admin other than the requester approves a pending request, optionally adjusting partitions
// or retention (kept as a diff the requester sees). The policy is checked again first, as it may have
// changed since the request was made: a request that now breaks a rule is approved only when the approver
// accepts the exception knowingly (acceptViolations). Approval is one conditional UPDATE from pending, so of
// two approvers at once exactly one wins. Provisioning follows at once (provision-request.ts).
import { z } from 'zod';
import type { TopicShape } from '../../../domain/topic-policy.ts';
import { describeTopicConfigs } from '../../kafka/topic-configs.ts';
import { recordChange } from '../audit/record-change.ts';
import type { ServiceContext, VerbArgs } from '../service-context.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../service-error.ts';
import { provisionRequest } from './provision-request.ts';
import { describeVerdict, requestVerdict } from './request-verdict.ts';
import { addEvent, describeRequest, loadVisibleRequest, moveRequest, notifyRequester, type TopicRequestRow } from './request-store.ts';

export const ApproveTopicRequestInput = z.object({
  requestId: z.number().int().min(1).max(2_147_483_647),
  partitions: z.number().int().min(1).max(100_000).optional(),
  /** -1 keeps records forever. */
  retentionMs: z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER).optional(),
  retentionBytes: z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER).optional(),
  comment: z.string().trim().max(2_000).default(''),
  /** Approve although the request breaks the policy as it is now (an exception, kept in the audit record). */
  acceptViolations: z.boolean().default(false),
});
export type ApproveTopicRequestInput = z.infer<typeof ApproveTopicRequestInput>;

type Adjustments = NonNullable<TopicRequestRow['adjustments']>;

/** The request with the approver's adjustments applied, and the diff. */
export function adjust(request: TopicRequestRow, input: Pick<ApproveTopicRequestInput, 'partitions' | 'retentionMs' | 'retentionBytes'>) {
  const adjustments: Adjustments = {};
  const configs = { ...request.configs };
  let partitions = request.partitions;
  if (input.partitions !== undefined && input.partitions !== request.partitions) {
    adjustments.partitions = { from: request.partitions, to: input.partitions };
    partitions = input.partitions;
  }
  for (const [key, value] of [
    ['retention.ms', input.retentionMs],
    ['retention.bytes', input.retentionBytes],
  ] as const) {
    if (value === undefined || configs[key] === String(value)) continue;
    adjustments[key] = { from: configs[key] ?? null, to: String(value) };
    configs[key] = String(value);
  }
  return { partitions, configs, adjustments };
}

export async function approveTopicRequest({ ctx, input: unparsed }: VerbArgs<typeof ApproveTopicRequestInput>): Promise<TopicRequestRow> {
  const input = ApproveTopicRequestInput.parse(unparsed);
  const request = await loadVisibleRequest(ctx, input.requestId);
  assertNotRequester(ctx, request, 'approve');
  if (request.state !== 'pending')
    throw new ConflictError(`Request #${request.id} is ${request.state}; only a pending request can be approved.`);
  const { partitions, configs, adjustments } = adjust(request, input);
  if (request.kind === 'change' && partitions < (request.currentState?.partitions ?? 1))
    throw new ValidationError(`The topic has ${request.currentState?.partitions} partitions; Kafka cannot remove partitions.`);
  const shape = await shapeForCheck(ctx, request, partitions, configs);
  const verdict = await requestVerdict(ctx, request.clusterId, shape, {
    kind: request.kind,
    teamId: request.teamId,
    excludeRequestId: request.id,
  });
  if (verdict.problems.length > 0 || (verdict.violations.length > 0 && !input.acceptViolations)) {
    await addEvent(ctx, request.id, 'note', `Approval by ${ctx.actor.username} refused by the re-check: ${describeVerdict(verdict)}`, {
      violations: verdict.violations,
      problems: verdict.problems,
    });
    const hint = verdict.problems.length === 0 ? ' Adjust it, reject it, or approve it as an exception.' : '';
    throw new ValidationError(`Re-checked at approval: ${describeVerdict(verdict)}${hint}`);
  }
  const parameters = { requestId: request.id, adjustments, comment: input.comment, acceptedViolations: verdict.violations };
  const approved = await recordChange(
    ctx,
    { action: 'request.approve', clusterId: request.clusterId, resourceType: 'request', resourceName: request.topicName, parameters },
    async () => {
      const row = await moveRequest(ctx, request.id, {
        from: ['pending'],
        to: 'approved',
        message: approvalMessage(ctx, adjustments, input.comment, verdict.violations.length),
        details: { adjustments, violationsAccepted: verdict.violations },
        changes: {
          partitions,
          configs,
          adjustments: Object.keys(adjustments).length > 0 ? adjustments : null,
          deciderName: ctx.actor.username,
          decisionComment: input.comment || null,
          estimatedDiskBytes: verdict.estimatedDiskBytes,
        },
      });
      return { result: row, after: { state: 'approved', partitions, configs } };
    },
  );
  const changed = Object.keys(adjustments).length > 0 ? ' with changes' : '';
  await notifyRequester(ctx, approved, `${describeRequest(approved)} was approved${changed} by ${ctx.actor.username}.`);
  return provisionRequest(ctx, approved, 'approved');
}

export function assertNotRequester(ctx: ServiceContext, request: TopicRequestRow, verb: string): void {
  if (request.requesterUserId === ctx.actor.userId)
    throw new ForbiddenError(`You asked for request #${request.id}: another operator or admin must ${verb} it.`);
}

/** A change request is checked as the topic will be after it: its current configs with the changes. */
async function shapeForCheck(
  ctx: ServiceContext,
  request: TopicRequestRow,
  partitions: number,
  configs: Record<string, string>,
): Promise<TopicShape> {
  const base = {
    name: request.topicName,
    partitions,
    replicationFactor: request.replicationFactor,
    recordsPerSecond: request.recordsPerSecond,
  };
  if (request.kind === 'create') return { ...base, configs, averageRecordBytes: request.averageRecordBytes };
  const current = await describeTopicConfigs(await ctx.clusters.client(request.clusterId), request.topicName).catch(() => []);
  const values = Object.fromEntries(
    current.filter((config) => config.value !== null).map((config) => [config.name, config.value as string]),
  );
  return { ...base, configs: { ...values, ...configs }, averageRecordBytes: request.averageRecordBytes };
}

function approvalMessage(ctx: ServiceContext, adjustments: Adjustments, comment: string, accepted: number): string {
  const diff = Object.entries(adjustments).map(([key, change]) => `${key} ${change.from ?? 'default'} -> ${change.to}`);
  const parts = [`Approved by ${ctx.actor.username}`];
  if (diff.length > 0) parts.push(`with changes: ${diff.join(', ')}`);
  if (accepted > 0) parts.push(`as an exception to ${accepted} policy rule(s)`);
  return `${parts.join(' ')}.${comment ? ` Comment: ${comment}` : ''}`;
}
