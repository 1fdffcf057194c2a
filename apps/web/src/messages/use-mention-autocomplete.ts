import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useChatClient } from '../app/chat-context';
import { completeMention, mentionQueryAt, rankNames } from './mention-query';

const CHANNEL_WIDE = ['channel', 'here'];
/** Members per conversation, fetched once per page: who can be mentioned changes rarely. */
const membersCache = new Map<string, Promise<string[]>>();

/**
 * `@` autocomplete for a composer: the conversation's members matching what is typed after `@`.
 * Arrow keys move, Enter or Tab picks, Escape closes; the caller renders the list while `open`.
 */
export function useMentionAutocomplete(options: {
  channelId: string;
  myUsername: string;
  text: string;
  caret: number;
  apply(next: { text: string; caret: number }): void;
}) {
  const client = useChatClient();
  const { channelId, myUsername, text, caret, apply } = options;
  const [members, setMembers] = useState<string[]>([]);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const query = mentionQueryAt(text, caret);
  const typed = query?.query ?? null;
  const asking = typed !== null;

  useEffect(() => {
    if (!asking) return;
    let cached = membersCache.get(channelId);
    if (!cached) {
      cached = client.channelMembers(channelId).then(
        (list) => list.map((m) => m.username),
        () => [],
      );
      membersCache.set(channelId, cached);
    }
    let live = true;
    void cached.then((names) => live && setMembers(names));
    return () => {
      live = false;
    };
  }, [client, channelId, asking]);

  const names = useMemo(
    () => (typed === null ? [] : rankNames([...members.filter((n) => n !== myUsername), ...CHANNEL_WIDE], typed)),
    [members, myUsername, typed],
  );
  const open = !!query && names.length > 0 && dismissedAt !== query.start;

  useEffect(() => setActive(0), [typed]);

  function pick(name: string) {
    if (!query) return;
    apply(completeMention(text, query.start, caret, name));
  }

  /** True when the key was the list's (the composer must not act on it too). */
  function onKeyDown(event: KeyboardEvent): boolean {
    if (!open) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : names.length - 1;
      setActive((i) => (i + step) % names.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      pick(names[Math.min(active, names.length - 1)]);
    } else if (event.key === 'Escape') {
      setDismissedAt(query!.start);
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  return { open, names, active, pick, onKeyDown };
}
