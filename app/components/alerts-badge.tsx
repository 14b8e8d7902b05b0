'use client';
// The navigation's Alerts link with the number of alerts firing, refreshed every 5 s (the lag sampler's pace
// is 15 s by default, so a new firing alert shows within one round).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '../trpc-provider.tsx';

const FIRING_COUNT_REFRESH_MS = 5_000;

export function AlertsLink({ active }: { active: boolean }) {
  const trpc = useTRPC();
  const count = useQuery({ ...trpc.alerts.countFiring.queryOptions(), refetchInterval: FIRING_COUNT_REFRESH_MS });
  const firing = count.data?.firing ?? 0;
  const unhandled = count.data?.unhandled ?? 0;
  return (
    <Link
      href="/alerts"
      className={active ? 'active' : undefined}
      aria-label={firing > 0 ? `Alerts, ${firing} firing` : 'Alerts'}
      title={
        count.error
          ? `Firing count unavailable: ${count.error.message}`
          : firing > 0
            ? `${firing} firing, ${unhandled} neither acknowledged nor silenced`
            : undefined
      }
    >
      Alerts
      {firing > 0 && (
        <span className="count-badge firing" data-testid="firing-count">
          {firing > 99 ? '99+' : firing}
        </span>
      )}
      {count.error && <span className="count-badge muted-badge">?</span>}
    </Link>
  );
}
