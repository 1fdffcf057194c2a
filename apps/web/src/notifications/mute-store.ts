import { useSyncExternalStore } from 'react';

const KEY = 'commu-chat:muted';
const listeners = new Set<() => void>();
let muted: ReadonlySet<string> = load();

function load(): ReadonlySet<string> {
  try {
    const raw = localStorage.getItem(KEY);
    const ids: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

/** Conversations whose messages raise no desktop notification (kept in this browser). */
export function isMuted(conversationId: string): boolean {
  return muted.has(conversationId);
}

export function setMuted(conversationId: string, mute: boolean): void {
  const next = new Set(muted);
  if (mute) next.add(conversationId);
  else next.delete(conversationId);
  muted = next;
  try {
    localStorage.setItem(KEY, JSON.stringify([...next]));
  } catch {
    // Storage full or blocked: the choice holds for this page only.
  }
  listeners.forEach((l) => l());
}

export function useMuted(conversationId: string): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => muted.has(conversationId),
  );
}
