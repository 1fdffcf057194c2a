import type { UserSummary } from '@app/shared';

/** The signed-in session, kept across reloads. */
export interface StoredSession {
  token: string;
  user: UserSummary;
}

const KEY = 'commu-chat.session';

export function loadSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    return typeof parsed.token === 'string' && parsed.user ? (parsed as StoredSession) : null;
  } catch {
    return null; // storage disabled or corrupted: just sign in again
  }
}

export function saveSession(session: StoredSession): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}
