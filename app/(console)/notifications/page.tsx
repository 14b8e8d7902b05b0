'use client';
// The signed-in user's notifications (their requests approved, rejected, created, failed), newest first;
// opening one marks it read, and "Mark all read" clears the badge. `?limit=` shows more.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { Suspense } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { formatAgo } from '../../components/format-time.ts';
import { useQueryState } from '../../components/query-state.ts';
import { useTRPC } from '../../trpc-provider.tsx';

const STEP = 20;
const MAX_LIMIT = 100;

export default function NotificationsPage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <Notifications />
    </Suspense>
  );
}

function Notifications() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { params, update } = useQueryState();
  const limit = Math.min(MAX_LIMIT, Math.max(STEP, Number(params.get('limit')) || STEP));
  const notifications = useQuery({ ...trpc.notifications.list.queryOptions({ limit }), refetchInterval: 15_000 });
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() }),
    }),
  );
  const data = notifications.data;
  return (
    <>
      <h1>Notifications</h1>
      <div className="toolbar">
        <button
          type="button"
          className="secondary"
          disabled={!data || data.unreadCount === 0 || markRead.isPending}
          onClick={() => markRead.mutate({})}
        >
          Mark all read
        </button>
        {data && <span className="muted">{data.unreadCount === 0 ? 'Nothing unread.' : `${data.unreadCount} unread.`}</span>}
      </div>
      <ErrorBox error={notifications.error ?? markRead.error} />
      {notifications.isLoading && <p className="muted">Loading notifications…</p>}
      {data && (
        <table aria-label="Notifications">
          <tbody>
            {data.rows.map((notification) => (
              <tr key={notification.id} className={notification.readAt === null ? 'unread' : undefined} data-testid="notification">
                <td style={{ width: 24 }}>{notification.readAt === null && <span className="unread-dot" title="unread" />}</td>
                <td>
                  {notification.requestId !== null ? (
                    <Link
                      href={`/requests/${notification.requestId}`}
                      onClick={() => notification.readAt === null && markRead.mutate({ ids: [notification.id] })}
                    >
                      {notification.message}
                    </Link>
                  ) : (
                    notification.message
                  )}
                </td>
                <td className="muted" title={notification.createdAt.toISOString()} style={{ whiteSpace: 'nowrap' }}>
                  {formatAgo(notification.createdAt.getTime())}
                </td>
                <td style={{ width: 120, whiteSpace: 'nowrap' }}>
                  {notification.readAt === null && (
                    <button type="button" className="secondary" onClick={() => markRead.mutate({ ids: [notification.id] })}>
                      Mark read
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {data.rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  No notifications yet: you are told here when a request of yours is approved, rejected, created or fails.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {data && data.rows.length === limit && limit < MAX_LIMIT && (
        <div className="pager">
          <button type="button" className="secondary" onClick={() => update({ limit: String(Math.min(MAX_LIMIT, limit + STEP)) })}>
            Show older
          </button>
        </div>
      )}
    </>
  );
}
