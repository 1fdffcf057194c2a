import { useEffect, useRef } from 'react';

interface Handlers {
  /** Ctrl+K (Cmd+K on a Mac): the quick switcher. */
  openSwitcher(): void;
  /** Alt+Up / Alt+Down: the previous or next conversation of the sidebar. */
  step(direction: 1 | -1): void;
}

/** The workspace's keyboard shortcuts, wherever focus is (the composer included). */
export function useWorkspaceKeys(handlers: Handlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        latest.current.openSwitcher();
      } else if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        e.preventDefault();
        latest.current.step(e.key === 'ArrowDown' ? 1 : -1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
