'use client';
// The console frame: navigation, cluster picker, user menu. Signed-out visitors are sent to /login.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { hasRole, type Role } from '@/domain/roles.ts';
import { ClusterProvider, useClusterId } from '../components/cluster-context.tsx';
import { ErrorBox } from '../components/error-box.tsx';
import { AlertsLink } from '../components/alerts-badge.tsx';
import { NotificationsLink } from '../components/notification-badge.tsx';
import { ThemeToggle } from '../components/theme-toggle.tsx';
import { useTRPC } from '../trpc-provider.tsx';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/topics', label: 'Topics' },
  { href: '/groups', label: 'Consumer groups' },
  { href: '/replays', label: 'Replays' },
];
const adminLinks = [
  { href: '/webhooks', label: 'Webhooks', least: 'viewer' },
  { href: '/audit', label: 'Audit log', least: 'operator' },
  { href: '/users', label: 'Users & teams', least: 'admin' },
  { href: '/clusters', label: 'Clusters', least: 'admin' },
] as const;

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const me = useQuery(trpc.session.me.queryOptions());
  useEffect(() => {
    if (me.isSuccess && me.data === null) router.replace('/login');
  }, [me.isSuccess, me.data, router]);
  if (me.error)
    return (
      <div className="content">
        <ErrorBox error={me.error} />
      </div>
    );
  if (!me.data) return <div className="content muted">Loading…</div>;
  const role = me.data.role;
  return (
    <ClusterProvider>
      <div className="shell">
        <Nav role={role} />
        <div className="main">
          <TopBar username={me.data.username} role={role} />
          <main className="content">{children}</main>
        </div>
      </div>
    </ClusterProvider>
  );
}

function Nav({ role }: { role: Role }) {
  const pathname = usePathname();
  const allowedAdminLinks = adminLinks.filter((link) => hasRole(role, link.least));
  // A section stays marked on its sub-pages (/replays/<id> under Replays); the overview only on itself.
  const isActive = (href: string) => pathname === href || (href !== '/' && pathname.startsWith(`${href}/`));
  const item = (href: string, label: string) => (
    <Link key={href} href={href} className={isActive(href) ? 'active' : undefined}>
      {label}
    </Link>
  );
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">Samsa</div>
      {links.map((link) => item(link.href, link.label))}
      <AlertsLink active={pathname === '/alerts' || pathname.startsWith('/alerts/')} />
      {hasRole(role, 'member') && item('/requests', 'Requests')}
      <NotificationsLink active={pathname === '/notifications'} />
      {allowedAdminLinks.length > 0 && <div className="section">Administration</div>}
      {allowedAdminLinks.map((link) => item(link.href, link.label))}
    </nav>
  );
}

function TopBar({ username, role }: { username: string; role: string }) {
  const trpc = useTRPC();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const { clusterId, setClusterId } = useClusterId();
  const signOut = async () => {
    await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    window.location.href = '/login';
  };
  return (
    <header className="topbar">
      <label style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
        Cluster
        <select value={clusterId} onChange={(event) => setClusterId(event.target.value)} aria-label="Cluster">
          {(clusters.data ?? [{ id: 'built-in', name: 'Built-in broker' }]).map((cluster) => (
            <option key={cluster.id} value={cluster.id}>
              {cluster.name}
            </option>
          ))}
        </select>
      </label>
      <div className="spacer" />
      <ThemeToggle />
      <Link href="/users/me" className="muted" data-testid="signed-in-user" title="My account: change password">
        {username} · {role}
      </Link>
      <button type="button" className="secondary" onClick={signOut}>
        Sign out
      </button>
    </header>
  );
}
