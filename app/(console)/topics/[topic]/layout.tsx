'use client';
// The frame of every /topics/<topic>/... page: the topic's name and one tab per view. Each tab is its own
// address (shareable, reloadable), so tabs are links, not in-page panels.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useClusterId } from '../../../components/cluster-context.tsx';
import { topicHref, type TopicTab } from '../../../components/topic-href.ts';
import { useTRPC } from '../../../trpc-provider.tsx';
import { useTopicName } from './use-topic-name.ts';

const tabs: { tab: TopicTab; label: string; available: boolean }[] = [
  { tab: 'overview', label: 'Overview', available: true },
  { tab: 'messages', label: 'Messages', available: true },
  { tab: 'configs', label: 'Configs', available: true },
  { tab: 'consumers', label: 'Consumers', available: true },
];

export default function TopicLayout({ children }: { children: ReactNode }) {
  const topic = useTopicName();
  const { clusterId } = useClusterId();
  const pathname = usePathname();
  const trpc = useTRPC();
  // Shared with the overview (same query): notices a topic deleted while its page is open.
  const topicQuery = useQuery({ ...trpc.topics.get.queryOptions({ clusterId, name: topic }), refetchInterval: 10_000 });
  const deleted = (topicQuery.error as { data?: { code?: string } } | null)?.data?.code === 'NOT_FOUND';
  const base = `/topics/${encodeURIComponent(topic)}`;
  const activeTab = (tab: TopicTab) => (tab === 'overview' ? pathname === base : pathname.startsWith(`${base}/${tab}`));
  return (
    <>
      <p className="muted" style={{ margin: '0 0 4px' }}>
        <Link href={clusterId === 'built-in' ? '/topics' : `/topics?cluster=${encodeURIComponent(clusterId)}`}>Topics</Link> /
      </p>
      <h1 className="mono" style={{ fontSize: 22 }}>
        {topic}
      </h1>
      <nav className="tabs" aria-label="Topic views">
        {tabs.map(({ tab, label, available }) =>
          available ? (
            <Link
              key={tab}
              href={topicHref(topic, clusterId, tab)}
              className={activeTab(tab) ? 'active' : undefined}
              aria-current={activeTab(tab) ? 'page' : undefined}
            >
              {label}
            </Link>
          ) : (
            <span key={tab} className="soon" title="Coming with the consumer groups view">
              {label}
            </span>
          ),
        )}
      </nav>
      {deleted ? (
        <div className="error" role="alert" data-testid="topic-missing">
          Topic {topic} does not exist on this cluster: it may have been deleted. <Link href="/topics">Back to the topics</Link>.
        </div>
      ) : (
        children
      )}
    </>
  );
}
