import { useCallback, useEffect, useState } from 'react';
import { ChatClient, webStorageOutbox } from '@app/client';
import { SignInPage } from '../auth/SignInPage';
import { Workspace } from '../workspace/Workspace';
import { ChatClientContext } from './chat-context';
import { clearSession, loadSession, saveSession, type StoredSession } from './session-storage';

/** Signed out: the sign-in page. Signed in: one ChatClient for the session, shared through context. */
export function App() {
  const [session, setSession] = useState<StoredSession | null>(() => loadSession());
  const [client, setClient] = useState<ChatClient | null>(null);
  const [expired, setExpired] = useState(false);

  const signOut = useCallback((becauseExpired = false) => {
    clearSession();
    setSession(null);
    setExpired(becauseExpired);
  }, []);

  useEffect(() => {
    if (!session) return;
    const next = new ChatClient({
      token: session.token,
      onUnauthorized: () => signOut(true),
      // Unsent messages survive a reload and are sent again with the same clientMsgId.
      outboxStorage: webStorageOutbox(`commu-chat.outbox.${session.user.id}`),
    });
    setClient(next);
    // start() failures are shown by the Workspace from the store's session state.
    next.start().catch(() => undefined);
    return () => {
      next.stop();
      setClient(null);
    };
  }, [session, signOut]);

  if (!session) {
    return (
      <SignInPage
        notice={expired ? 'Your session has expired. Please sign in again.' : undefined}
        onSignedIn={(signedIn) => {
          saveSession(signedIn);
          setExpired(false);
          setSession(signedIn);
        }}
      />
    );
  }
  if (!client) return null;
  return (
    <ChatClientContext.Provider value={client}>
      <Workspace onSignOut={() => signOut()} />
    </ChatClientContext.Provider>
  );
}
