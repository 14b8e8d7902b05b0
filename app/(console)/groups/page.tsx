'use client';
// Consumer groups of the cluster, with their lag in records and in time (see the README glossary).
import { Suspense } from 'react';
import { GroupsTable } from './groups-table.tsx';

export default function GroupsPage() {
  return (
    <>
      <h1>Consumer groups</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <GroupsTable />
      </Suspense>
    </>
  );
}
