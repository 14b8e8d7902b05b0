// The address of one record: /topics/<topic>/messages/<partition>/<offset> (a contract: shared links and
// alerts point here), with ?cluster= for a cluster other than the built-in one.
import { defaultClusterId } from '../../../../components/cluster-context.tsx';

export function recordHref(topic: string, clusterId: string, partition: number, offset: string): string {
  const path = `/topics/${encodeURIComponent(topic)}/messages/${partition}/${offset}`;
  return clusterId === defaultClusterId ? path : `${path}?cluster=${encodeURIComponent(clusterId)}`;
}
