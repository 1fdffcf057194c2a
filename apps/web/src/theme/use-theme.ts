import { useSyncExternalStore } from 'react';
import { effectiveTheme, setStoredTheme, storedTheme, subscribeTheme, type Theme } from './theme-store';

export interface ThemeState {
  /** What is on screen. */
  theme: Theme;
  /** True when no choice is stored and the OS decides. */
  followsSystem: boolean;
  setTheme(theme: Theme | null): void;
}

export function useTheme(): ThemeState {
  const theme = useSyncExternalStore(subscribeTheme, effectiveTheme);
  const followsSystem = useSyncExternalStore(subscribeTheme, () => storedTheme() === null);
  return { theme, followsSystem, setTheme: setStoredTheme };
}
