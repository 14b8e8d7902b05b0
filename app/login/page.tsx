'use client';
// Sign-in: posts to better-auth's endpoint, which sets the httpOnly session cookie.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

export default function LoginPage() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/auth/sign-in/username', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
      });
      if (response.ok) {
        router.replace('/');
        return;
      }
      if (response.status === 429)
        setError(
          ((await response.json().catch(() => null)) as { message?: string } | null)?.message ??
            'Too many sign-in attempts. Wait and try again.',
        );
      else if (response.status === 401) setError('Wrong username or password.');
      else setError(`Sign-in failed (${response.status}): ${(await response.text()).slice(0, 300)}`);
    } catch (caught) {
      setError(`Sign-in failed: ${caught instanceof Error ? caught.message : String(caught)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form onSubmit={submit} aria-label="Sign in">
        <h1>Samsa</h1>
        <div className="muted">Sign in to the Kafka console</div>
        <label>
          Username
          {/* biome-ignore lint/a11y/noAutofocus: the page's first field, and signing in is all it is for */}
          <input name="username" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
