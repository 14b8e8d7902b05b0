// A policy's rules in words, one line per rule that is set, for the request form and the policies page.
import { describeBytes, type TopicPolicyRules } from '@/domain/topic-policy.ts';
import { describeWithUnit, durationUnits } from '../../components/config-units.ts';

export function describeRules(rules: TopicPolicyRules): string[] {
  const lines: string[] = [];
  const ms = (value: number) => describeWithUnit(String(value), durationUnits);
  if (rules.namePattern !== null) lines.push(`Name matches ${rules.namePattern}`);
  if (rules.maxPartitions !== null) lines.push(`At most ${rules.maxPartitions} partitions`);
  if (rules.minRetentionMs !== null && rules.maxRetentionMs !== null)
    lines.push(`Retention from ${ms(rules.minRetentionMs)} to ${ms(rules.maxRetentionMs)}`);
  else if (rules.minRetentionMs !== null) lines.push(`Retention at least ${ms(rules.minRetentionMs)}`);
  else if (rules.maxRetentionMs !== null) lines.push(`Retention at most ${ms(rules.maxRetentionMs)}`);
  if (rules.maxRetentionBytes !== null) lines.push(`retention.bytes at most ${describeBytes(rules.maxRetentionBytes)} per partition`);
  if (rules.allowedCleanupPolicies !== null) lines.push(`cleanup.policy ${rules.allowedCleanupPolicies.join(' or ')}`);
  if (rules.minReplicationFactor !== null)
    lines.push(`Replication factor at least ${rules.minReplicationFactor} (on clusters with enough brokers)`);
  if (rules.minInsyncReplicas !== null)
    lines.push(`min.insync.replicas at least ${rules.minInsyncReplicas} (on clusters with enough brokers)`);
  if (rules.maxTeamDiskBytes !== null) lines.push(`Team disk budget ${describeBytes(rules.maxTeamDiskBytes)}`);
  return lines;
}
