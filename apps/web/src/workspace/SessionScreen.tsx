import type { ChatState } from '@app/client';

interface Props {
  state: ChatState;
  onRetry(): void;
  onSignOut(): void;
}

/** Before the first directory load: a spinner, or the reason it failed with a way out. */
export function SessionScreen({ state, onRetry, onSignOut }: Props) {
  if (state.session === 'error') {
    const offline = state.sessionError?.code === 'unavailable';
    return (
      <main className="session-screen">
        <div className="session-card" role="alert">
          <h1>{offline ? 'Cannot reach the chat server' : 'Something went wrong'}</h1>
          <p className="muted">{state.sessionError?.message ?? 'Unknown error'}</p>
          <div className="row-gap">
            <button className="btn btn-primary" onClick={onRetry}>
              Try again
            </button>
            <button className="btn" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        </div>
      </main>
    );
  }
  if (state.session === 'ready') {
    return null;
  }
  return (
    <main className="session-screen">
      <div className="spinner" aria-label="Loading" />
    </main>
  );
}
