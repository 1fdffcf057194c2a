import type { OutgoingMessage } from '../logic/outbox';
import type { ChatStore } from './chat-store';

/**
 * Where unconfirmed messages survive a reload or a crash of the page. Restored entries are sent
 * again with their original clientMsgId, so one that did reach the server is not stored twice.
 */
export interface OutboxStorage {
  load(): OutgoingMessage[];
  save(entries: OutgoingMessage[]): void;
}

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Web Storage (localStorage) under `key`; a no-op where there is none (Node, storage disabled). */
export function webStorageOutbox(key: string, storage?: KeyValueStore): OutboxStorage {
  const store = storage ?? (globalThis as { localStorage?: KeyValueStore }).localStorage;
  return {
    load() {
      try {
        const raw = store?.getItem(key);
        const parsed: unknown = raw ? JSON.parse(raw) : [];
        return Array.isArray(parsed) ? parsed.filter(isOutgoing) : [];
      } catch {
        return [];
      }
    },
    save(entries) {
      try {
        if (entries.length === 0) store?.removeItem(key);
        else store?.setItem(key, JSON.stringify(entries));
      } catch {
        // Quota or privacy mode: the outbox still works for this page's lifetime.
      }
    },
  };
}

function isOutgoing(value: unknown): value is OutgoingMessage {
  const v = value as Partial<OutgoingMessage> | null;
  return (
    !!v &&
    typeof v.clientMsgId === 'string' &&
    typeof v.channelId === 'string' &&
    typeof v.content === 'string' &&
    typeof v.createdAt === 'string'
  );
}

/**
 * Puts back what an earlier page left unconfirmed (as pending, so the next connect sends it), then
 * writes every outbox change. Returns the unsubscribe function.
 */
export function persistOutbox(store: ChatStore, storage: OutboxStorage): () => void {
  for (const entry of storage.load()) {
    store.patchChannel(entry.channelId, (c) =>
      c.outbox.some((e) => e.clientMsgId === entry.clientMsgId)
        ? c
        : { ...c, outbox: [...c.outbox, { ...entry, status: 'pending', nextRetryAt: null }] },
    );
  }
  const save = () => storage.save(Object.values(store.getState().channels).flatMap((c) => c.outbox));
  save(); // drops entries of channels that no longer exist
  const saved = new Map<string, unknown>();
  return store.subscribe((change) => {
    if (change.kind !== 'channel') return;
    const outbox = store.channel(change.channelId)?.outbox;
    if (saved.get(change.channelId) === outbox) return; // outboxes are immutable: same array, nothing to write
    saved.set(change.channelId, outbox);
    save();
  });
}
