'use client';
// Admins set a new password for a user; the server ends all of that user's sessions.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { useTRPC } from '../../trpc-provider.tsx';
import { maxPasswordLength, minPasswordLength } from '@/domain/password-policy.ts';

export function ResetPasswordCell({ user }: { user: { id: string; username: string | null } }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const reset = useMutation(trpc.users.resetPassword.mutationOptions());
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const newPassword = String(new FormData(event.currentTarget).get('newPassword'));
    reset.mutate({ userId: user.id, newPassword }, { onSuccess: () => setOpen(false) });
  };
  if (!open) {
    return (
      <>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            reset.reset();
            setOpen(true);
          }}
        >
          Reset password
        </button>
        {reset.data && <div className="muted">Password set; {reset.data.sessionsRevoked} session(s) ended.</div>}
      </>
    );
  }
  return (
    <form onSubmit={submit} style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }} aria-label={`Reset password of ${user.username}`}>
      <input
        name="newPassword"
        type="password"
        required
        minLength={minPasswordLength}
        maxLength={maxPasswordLength}
        autoComplete="new-password"
        aria-label={`New password for ${user.username}`}
        placeholder="new password"
      />
      <button type="submit" disabled={reset.isPending}>
        Set
      </button>
      <button type="button" className="secondary" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <ErrorBox error={reset.error} />
    </form>
  );
}
