import { useCallback, useState } from 'react';
import { loadDraft, saveDraft } from './draft-storage';

/**
 * The composer's text for one channel, kept in storage as it is typed. When the channel changes the
 * text switches to that channel's draft during the same render, so one channel's draft is never shown
 * (or saved) under another's.
 */
export function useDraft(userId: string, channelId: string): [string, (text: string) => void] {
  const [draft, setDraft] = useState(() => ({ userId, channelId, text: loadDraft(userId, channelId) }));
  let current = draft;
  if (draft.userId !== userId || draft.channelId !== channelId) {
    current = { userId, channelId, text: loadDraft(userId, channelId) };
    setDraft(current);
  }

  const setText = useCallback(
    (text: string) => {
      saveDraft(userId, channelId, text);
      setDraft({ userId, channelId, text });
    },
    [userId, channelId],
  );
  return [current.text, setText];
}
