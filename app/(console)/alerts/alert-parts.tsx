'use client';
// Pieces the alert pages share: the state badge, the Alerts / Rules tabs, and a time shown as "3 min ago"
// with the exact time in its title.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { AlertState } from '@/domain/alert-rule.ts';
import { formatAgo } from '../../components/format-time.ts';

const stateClass: Record<AlertState, string> = { firing: 'failed', pending: 'pending', resolved: 'ok' };

export function AlertStateBadge({ state }: { state: AlertState }) {
  return <span className={`badge ${stateClass[state]}`}>{state}</span>;
}

export function AlertsTabs() {
  const pathname = usePathname();
  const onRules = pathname.startsWith('/alerts/rules');
  return (
    <nav className="tabs" aria-label="Alert views">
      <Link href="/alerts" className={onRules ? undefined : 'active'}>
        Alerts
      </Link>
      <Link href="/alerts/rules" className={onRules ? 'active' : undefined}>
        Rules
      </Link>
    </nav>
  );
}

export function TimeAgo({ at }: { at: Date | null }) {
  if (!at) return <span className="muted">—</span>;
  return <span title={at.toISOString()}>{formatAgo(at.getTime())}</span>;
}

/** Whether a silence is in force now. */
export function isSilenced(silencedUntil: Date | null, nowMs: number = Date.now()): boolean {
  return silencedUntil !== null && silencedUntil.getTime() > nowMs;
}
