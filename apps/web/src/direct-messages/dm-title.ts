import type { ChannelState } from '@app/client';

/** A direct conversation is named by the people in it other than me ("bob, carol"); alone, it is me. */
export function dmTitle(channel: Pick<ChannelState, 'members'>, myUserId: string): string {
  const others = channel.members.filter((m) => m.id !== myUserId).map((m) => m.username);
  if (others.length > 0) return others.join(', ');
  return channel.members.length > 0 ? `${channel.members[0].username} (you)` : 'Direct message';
}

/** How a conversation is named anywhere in the page: `#name` for channels, people for DMs. */
export function conversationTitle(channel: Pick<ChannelState, 'kind' | 'name' | 'members'>, myUserId: string): string {
  return channel.kind === 'dm' ? dmTitle(channel, myUserId) : `#${channel.name}`;
}
