import { useEffect } from 'react';
import { communityMentions, mentionsMe, type ChatClient, type ChatState } from '@app/client';
import type { Message } from '@app/shared';
import { conversationTitle } from '../direct-messages/dm-title';
import { isMuted } from './mute-store';

const APP_TITLE = 'Commu Chat';

/** Mentions (every DM message counts as one) across all my communities: what the tab title shows. */
export function totalMentions(state: ChatState): number {
  return state.communities.reduce((sum, c) => sum + communityMentions(state, c.id), 0);
}

/** `(3) Commu Chat` while something calls for me, as the tab's title. */
export function useTabTitle(state: ChatState): void {
  const mentions = totalMentions(state);
  useEffect(() => {
    document.title = mentions > 0 ? `(${mentions}) ${APP_TITLE}` : APP_TITLE;
  }, [mentions]);
}

/** Whether a live message should raise a desktop notification now. */
export function shouldNotify(state: ChatState, message: Message, pageHidden: boolean): boolean {
  const me = state.me;
  const channel = state.channels[message.channelId];
  if (!me || !channel || message.author.id === me.id || !pageHidden) return false;
  if (isMuted(channel.id)) return false;
  return channel.kind === 'dm' || mentionsMe(message, me.id);
}

/**
 * A desktop notification for each direct message or mention that arrives while the tab is hidden,
 * unless that conversation is muted. Permission is asked from a user action elsewhere (the account
 * menu), never here; without it nothing is shown. Clicking one brings the tab back to that conversation.
 */
export function useDesktopNotifications(client: ChatClient, open: (communityId: string, channelId: string) => void): void {
  useEffect(() => {
    if (typeof Notification === 'undefined') return;
    return client.onMessage((message) => {
      const state = client.store.getState();
      if (Notification.permission !== 'granted' || !shouldNotify(state, message, document.visibilityState === 'hidden')) return;
      const channel = state.channels[message.channelId];
      const where = conversationTitle(channel, state.me!.id);
      const title = channel.kind === 'dm' ? `${message.author.username}` : `${message.author.username} in ${where}`;
      const notification = new Notification(title, { body: message.content.slice(0, 200), tag: message.channelId });
      notification.onclick = () => {
        window.focus();
        open(message.communityId, message.channelId);
        notification.close();
      };
    });
  }, [client, open]);
}
