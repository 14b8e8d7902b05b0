// Starting points for new topics: each fills configs the create form then shows, typed and editable.
export interface TopicPreset {
  id: 'events' | 'compacted-state' | 'logs' | 'custom';
  label: string;
  description: string;
  configs: Record<string, string>;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

export const topicPresets: TopicPreset[] = [
  {
    id: 'events',
    label: 'Events',
    description: 'Business events kept a week, then deleted.',
    configs: { 'cleanup.policy': 'delete', 'retention.ms': String(7 * dayMs) },
  },
  {
    id: 'compacted-state',
    label: 'Compacted state',
    description: 'The latest value per key, kept forever; older values compacted away after an hour.',
    configs: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': String(hourMs), 'delete.retention.ms': String(dayMs) },
  },
  {
    id: 'logs',
    label: 'Logs',
    description: 'Application logs: three days, and at most 1 GiB per partition.',
    configs: { 'cleanup.policy': 'delete', 'retention.ms': String(3 * dayMs), 'retention.bytes': String(1024 ** 3) },
  },
  { id: 'custom', label: 'Custom', description: 'Start from the cluster’s defaults and set what you need.', configs: {} },
];
