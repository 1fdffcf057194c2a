import { useState, type FormEvent } from 'react';
import { ChatClient, toChatError } from '@app/client';
import { LIMITS } from '@app/shared';
import type { StoredSession } from '../app/session-storage';
import { describeError } from '../ui/describe-error';

interface Props {
  notice?: string;
  onSignedIn(session: StoredSession): void;
}

/** Dev sign-in: a username is enough (AUTH_MODE=dev creates the user on first use). */
export function SignInPage({ notice, onSignedIn }: Props) {
  const [username, setUsername] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const name = username.trim();
    if (!LIMITS.usernamePattern.test(name)) {
      setError('Usernames are 1–32 letters, digits, dots, dashes or underscores.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { token, user } = await ChatClient.login(name);
      onSignedIn({ token, user });
    } catch (err) {
      setError(describeError(toChatError(err)));
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-label="Sign in">
        <div className="signin-logo" aria-hidden="true">
          <svg viewBox="0 0 32 32" width="40" height="40">
            <rect width="32" height="32" rx="8" fill="#4a154b" />
            <path d="M9 11h14v8H14l-5 4z" fill="white" />
          </svg>
        </div>
        <h1>Sign in to Commu Chat</h1>
        <p className="muted">Development sign-in: pick any username.</p>
        {notice && <p className="form-notice">{notice}</p>}
        <label className="field">
          <span>Username</span>
          <input
            name="username"
            autoFocus
            autoComplete="username"
            value={username}
            maxLength={32}
            onChange={(e) => setUsername(e.target.value)}
            placeholder="e.g. alice"
          />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
