/**
 * Unsent composer text, one entry per person and channel, so a draft survives switching channels,
 * reloading, and another person signing in on the same browser.
 */
const PREFIX = 'commu-chat.draft';

function key(userId: string, channelId: string): string {
  return `${PREFIX}.${userId}.${channelId}`;
}

export function loadDraft(userId: string, channelId: string): string {
  try {
    return localStorage.getItem(key(userId, channelId)) ?? '';
  } catch {
    return ''; // storage disabled: drafts just live as long as the composer
  }
}

/** An empty draft removes the entry, so sending (or clearing the box) leaves nothing behind. */
export function saveDraft(userId: string, channelId: string, text: string): void {
  try {
    if (text) localStorage.setItem(key(userId, channelId), text);
    else localStorage.removeItem(key(userId, channelId));
  } catch {
    // Full or disabled storage: keep typing; the draft is a convenience, not data.
  }
}
