import { useEffect } from 'react';

type Listener = (messageId: string) => void;
const listeners = new Set<Listener>();

/** Asks the row of this message to open its editor (Up in an empty composer edits my last message). */
export function requestEdit(messageId: string): void {
  listeners.forEach((listener) => listener(messageId));
}

/** A row's side of requestEdit: `open` runs when its message is asked for. */
export function useEditRequests(messageId: string, open: () => void): void {
  useEffect(() => {
    const listener: Listener = (id) => id === messageId && open();
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [messageId, open]);
}
