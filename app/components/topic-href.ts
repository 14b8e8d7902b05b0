// Addresses of a topic's pages (a contract: alerts, webhooks and the audit log link to them). Topic names
// are URL-encoded; a cluster other than the built-in one adds ?cluster=<id>.
import { defaultClusterId } from './cluster-context.tsx';

export type TopicTab = 'overview' | 'messages' | 'configs' | 'consumers';

export function topicHref(topic: string, clusterId: string, tab: TopicTab = 'overview', query: Record<string, string> = {}): string {
  const path = `/topics/${encodeURIComponent(topic)}${tab === 'overview' ? '' : `/${tab}`}`;
  const params = new URLSearchParams(query);
  if (clusterId !== defaultClusterId) params.set('cluster', clusterId);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
