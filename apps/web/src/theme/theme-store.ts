/**
 * Light or dark. With no stored choice the page follows the OS (prefers-color-scheme) and keeps following
 * it as it changes; the toggle stores an explicit choice, and "match system" removes it again.
 *
 * The colours themselves live in styles/base.css as `light-dark()` tokens: this module only sets
 * `data-theme` on <html> (absent = follow the OS), which pins CSS `color-scheme`.
 */
export type Theme = 'light' | 'dark';

const KEY = 'commu-chat.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';
const listeners = new Set<() => void>();

function readStored(): Theme | null {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

let stored = readStored();

function systemTheme(): Theme {
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

function apply(): void {
  if (stored) document.documentElement.dataset.theme = stored;
  else delete document.documentElement.dataset.theme;
}

/** The stored choice, or null when following the OS. */
export function storedTheme(): Theme | null {
  return stored;
}

/** The theme on screen now. */
export function effectiveTheme(): Theme {
  return stored ?? systemTheme();
}

/** Store an explicit choice, or null to follow the OS again. */
export function setStoredTheme(theme: Theme | null): void {
  stored = theme;
  try {
    if (theme) localStorage.setItem(KEY, theme);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
  apply();
  listeners.forEach((notify) => notify());
}

/** For useSyncExternalStore: OS changes and choices made here (or in another tab) both notify. */
export function subscribeTheme(notify: () => void): () => void {
  const media = window.matchMedia(DARK_QUERY);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== KEY) return;
    stored = readStored();
    apply();
    notify();
  };
  listeners.add(notify);
  media.addEventListener('change', notify);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(notify);
    media.removeEventListener('change', notify);
    window.removeEventListener('storage', onStorage);
  };
}

/** Called once before the first render, so the page never flashes the other theme. */
export function applyStoredTheme(): void {
  apply();
}
