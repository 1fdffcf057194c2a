import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ChatClient, ChatState } from '@app/client';

export const ChatClientContext = createContext<ChatClient | null>(null);

export function useChatClient(): ChatClient {
  const client = useContext(ChatClientContext);
  if (!client) throw new Error('useChatClient outside of ChatClientContext');
  return client;
}

/** The whole store snapshot; snapshots are immutable, so memoized children skip unchanged parts. */
export function useChatState(): ChatState {
  const client = useChatClient();
  return useSyncExternalStore(client.store.subscribe, client.store.getState);
}

/** One value of the store: the component re-renders only when that value changes (e.g. a message row reading who I am). */
export function useChatSelector<T>(select: (state: ChatState) => T): T {
  const client = useChatClient();
  return useSyncExternalStore(client.store.subscribe, () => select(client.store.getState()));
}
