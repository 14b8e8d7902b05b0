// Addresses of the replay pages (a contract, like topic-href.ts): /replays, /replays/<id>, and /replays/new
// with its form prefilled from the query (the topic and group pages link to it with ?topic=<topic>).
import { defaultClusterId } from './cluster-context.tsx';

function withCluster(path: string, clusterId: string, query: Record<string, string> = {}): string {
  const params = new URLSearchParams(query);
  if (clusterId !== defaultClusterId) params.set('cluster', clusterId);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function replaysHref(clusterId: string, query: Record<string, string> = {}): string {
  return withCluster('/replays', clusterId, query);
}

export function replayHref(id: string, clusterId: string): string {
  return withCluster(`/replays/${encodeURIComponent(id)}`, clusterId);
}

export function newReplayHref(clusterId: string, query: Record<string, string> = {}): string {
  return withCluster('/replays/new', clusterId, query);
}
