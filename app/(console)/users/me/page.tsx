'use client';
// My account (every signed-in user): who I am, and changing my password. The server asks for the current
// password and then ends all my sessions, this one included, so the next step is signing in again.
// Checks of the current password are rate-limited per user (TOO_MANY_REQUESTS), shown with the limit.
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../../components/error-box.tsx';
import { useTRPC } from '../../../trpc-provider.tsx';
import { maxPasswordLength, minPasswordLength } from '@/domain/password-policy.ts';

export default function MyAccountPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions());
  const change = useMutation(trpc.users.changeOwnPassword.mutationOptions());
  const [mismatch, setMismatch] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get('newPassword'));
    change.reset();
    setMismatch(newPassword !== String(form.get('repeatPassword')));
    if (newPassword !== String(form.get('repeatPassword'))) return;
    change.mutate({ currentPassword: String(form.get('currentPassword')), newPassword });
  };
  return (
    <>
      <h1>My account</h1>
      {me.data && (
        <p className="muted">
          Signed in as <span className="mono">{me.data.username}</span> ({me.data.name}) with the {me.data.role} role.
        </p>
      )}
      <h2>Change password</h2>
      {change.isSuccess ? (
        <div className="card" role="status" style={{ maxWidth: 520 }}>
          <p style={{ marginTop: 0 }}>Password changed. All your sessions have ended, this one too.</p>
          <Link href="/login" className="button" style={{ display: 'inline-block' }}>
            Sign in again
          </Link>
        </div>
      ) : (
        <form
          onSubmit={submit}
          aria-label="Change password"
          className="card"
          style={{ display: 'flex', flexDirection: 'column', gap: 10, maxWidth: 360 }}
        >
          <label>
            Current password
            <input name="currentPassword" type="password" required autoComplete="current-password" />
          </label>
          <label>
            New password
            <input
              name="newPassword"
              type="password"
              required
              minLength={minPasswordLength}
              maxLength={maxPasswordLength}
              autoComplete="new-password"
            />
          </label>
          <label>
            Repeat new password
            <input
              name="repeatPassword"
              type="password"
              required
              minLength={minPasswordLength}
              maxLength={maxPasswordLength}
              autoComplete="new-password"
            />
          </label>
          {mismatch && (
            <div className="error" role="alert">
              The two new passwords differ.
            </div>
          )}
          {rateLimited(change.error) ? (
            <div className="error" role="alert">
              {change.error?.message} Checks of your current password are limited to 5 per 15 minutes.
            </div>
          ) : (
            <ErrorBox error={change.error} />
          )}
          <button type="submit" disabled={change.isPending} style={{ alignSelf: 'flex-start' }}>
            Change password
          </button>
          <span className="muted" style={{ fontSize: 12 }}>
            At least 8 characters. You will be signed out everywhere and sign in again with the new password.
          </span>
        </form>
      )}
    </>
  );
}

function rateLimited(error: unknown): boolean {
  return (error as { data?: { code?: string } } | null)?.data?.code === 'TOO_MANY_REQUESTS';
}
