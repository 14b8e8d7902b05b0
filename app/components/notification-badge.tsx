'use client';
// The navigation's Notifications link with the number of unread ones, refreshed every 15 s.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '../trpc-provider.tsx';

export function NotificationsLink({ active }: { active: boolean }) {
  const trpc = useTRPC();
  const notifications = useQuery({ ...trpc.notifications.list.queryOptions({ limit: 1 }), refetchInterval: 15_000 });
  const unread = notifications.data?.unreadCount ?? 0;
  return (
    <Link
      href="/notifications"
      className={active ? 'active' : undefined}
      aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
      title={notifications.error ? `Unread count unavailable: ${notifications.error.message}` : undefined}
    >
      Notifications
      {unread > 0 && (
        <span className="count-badge" data-testid="unread-count">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
      {notifications.error && <span className="count-badge muted-badge">?</span>}
    </Link>
  );
}
