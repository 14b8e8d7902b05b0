// Administrative changes made over the Kafka protocol (topics created or deleted, configs altered, records
// deleted, group offsets reset, ...), recorded as JSON records in the internal topic __samsa_admin_changes.
// Operators' tools (the Samsa console's audit log) read them back through the Kafka protocol like any topic,
// so the broker needs no side channel; each record names the client id, address and SASL principal (null
// without SASL) that made the change. Clients cannot write to this topic (internal topics refuse Produce,
// DeleteRecords, config changes and new partitions), so only the broker adds to or removes from it.

import diagnosticsChannel from 'node:diagnostics_channel';
import { buildRecordBatch } from '../protocol/record-batch-builder.ts';
import type { TopicRegistry } from './topic-registry.ts';

export const ADMIN_CHANGES_TOPIC = '__samsa_admin_changes';

export type AdminChangeAction =
  | 'topic.create'
  | 'topic.delete'
  | 'topic.createPartitions'
  | 'topic.alterConfigs'
  | 'topic.deleteRecords'
  | 'broker.alterConfigs'
  | 'user.alterScramCredentials'
  | 'group.delete'
  | 'group.commitOffsets'
  | 'group.deleteOffsets'
  | 'group.alterConfigs';

export interface AdminChange {
  action: AdminChangeAction;
  /** The changed resource, e.g. the topic or group name. */
  resource: string;
  clientId: string | null;
  clientAddress: string;
  /** The SASL principal of the connection, null on listeners without SASL (see RequestContext.principal). */
  principal: string | null;
  /** What was asked for, e.g. { partitions: 3 } or the configs set. */
  parameters: Record<string, unknown>;
}

/** Published for in-process subscribers (tests, metrics) as well. */
export const adminChangeChannel = diagnosticsChannel.channel('samsa.broker.admin-change');

/**
 * Keeps the admin-change topic small: a week, as Kafka's default retention. Every setting that removes
 * records is pinned on the topic itself, so broker-level defaults (which any client may change with
 * AlterConfigs on the broker) cannot cut the feed before the console reads it; clients cannot alter the
 * topic's own configs (internal topic).
 */
const ADMIN_CHANGES_CONFIGS: Readonly<Record<string, string>> = {
  'retention.ms': '604800000',
  'retention.bytes': '-1',
  'cleanup.policy': 'delete',
};

export class AdminChangeLog {
  private readonly topics: TopicRegistry;
  private readonly log: (line: string) => void;

  private constructor(topics: TopicRegistry, log: (line: string) => void) {
    this.topics = topics;
    this.log = log;
  }

  static async open(topics: TopicRegistry, log: (line: string) => void): Promise<AdminChangeLog> {
    const existing = topics.get(ADMIN_CHANGES_TOPIC);
    if (existing === undefined) await topics.createTopic(ADMIN_CHANGES_TOPIC, 1, { ...ADMIN_CHANGES_CONFIGS });
    // A topic created by an older broker gets the settings it lacks.
    else if (Object.entries(ADMIN_CHANGES_CONFIGS).some(([name, value]) => existing.configs[name] !== value)) {
      await topics.alterTopicConfigs(existing, { ...existing.configs, ...ADMIN_CHANGES_CONFIGS });
    }
    return new AdminChangeLog(topics, log);
  }

  /** Records a change that has happened. A failure to record is logged; the change itself stands. */
  async record(change: AdminChange): Promise<void> {
    const event = { ...change, timeMs: Date.now() };
    const principal = change.principal === null ? '' : ` (principal ${change.principal})`;
    this.log(
      `${change.action} ${change.resource} ${JSON.stringify(change.parameters)} by ${change.clientId ?? '?'}${principal} at ${change.clientAddress}`,
    );
    adminChangeChannel.publish(event);
    const partition = this.topics.get(ADMIN_CHANGES_TOPIC)?.partitions[0];
    if (partition === undefined) return;
    const batch = buildRecordBatch({ records: [{ key: change.action, value: JSON.stringify(event), timestampMs: event.timeMs }] });
    const result = await partition.append(batch, event.timeMs);
    if ('message' in result) this.log(`could not record admin change ${change.action} ${change.resource}: ${result.message}`);
  }
}
