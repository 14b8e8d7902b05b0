'use client';
// The Consumers tab: the groups that commit to or are assigned this topic, with their lag.
import { Suspense } from 'react';
import { GroupsTable } from '../../../groups/groups-table.tsx';
import { useTopicName } from '../use-topic-name.ts';

export default function TopicConsumersPage() {
  const topic = useTopicName();
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <GroupsTable topic={topic} />
    </Suspense>
  );
}
