// Addresses of a consumer group's pages (a contract, like topic-href.ts): the group id URL-encoded, and
// ?cluster=<id> for a cluster other than the built-in one.
import { defaultClusterId } from './cluster-context.tsx';

export function groupHref(groupId: string, clusterId: string, view: 'lag' | 'reset' = 'lag'): string {
  const path = `/groups/${encodeURIComponent(groupId)}${view === 'reset' ? '/reset' : ''}`;
  return clusterId === defaultClusterId ? path : `${path}?cluster=${encodeURIComponent(clusterId)}`;
}
