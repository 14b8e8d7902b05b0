// One group: members with their assignments, and per partition the committed offset, log start and end,
// lag, exact time lag and commit metadata, summed per topic; edge cases as kinds (see kafka/group-lag.ts).
import { z } from 'zod';
import { describeConsumerGroups, listConsumerGroups } from '../../kafka/consumer-groups.ts';
import type { VerbArgs } from '../service-context.ts';
import { NotFoundError } from '../service-error.ts';
import { buildGroupReports, type GroupReport } from './group-report.ts';

export const GetGroupInput = z.object({
  clusterId: z.string().min(1).max(100),
  groupId: z.string().min(1).max(255),
});
export type GetGroupInput = z.infer<typeof GetGroupInput>;

export async function getGroup({ ctx, input: unparsed }: VerbArgs<typeof GetGroupInput>): Promise<GroupReport> {
  const input = GetGroupInput.parse(unparsed);
  const client = await ctx.clusters.client(input.clusterId);
  const descriptions = await describeConsumerGroups(client, [input.groupId]);
  const description = descriptions.get(input.groupId);
  // DescribeGroups answers Dead for an unknown id; ListGroups tells a real group from a typo.
  if (!description || description.state === 'Dead') {
    const known = (await listConsumerGroups(client)).some((group) => group.groupId === input.groupId);
    if (!known) throw new NotFoundError(`No consumer group ${input.groupId} on this cluster.`);
  }
  const [report] = await buildGroupReports(ctx, input.clusterId, [input.groupId], { timeLag: true, stableOffsets: true, descriptions });
  return report;
}
