import type { ChannelListItem, DirectConversation, UnreadEntry } from '@app/shared';
import type { ChannelState } from '../store/chat-state';
import { countMentions } from './mentions';
import { countUnread } from './message-merge';
import { highestContiguousSeq } from './seq-gaps';

type ServerCounts = Pick<UnreadEntry, 'lastSeq' | 'lastReadSeq' | 'unread'> & { mentions?: number };

/**
 * Folds counters from the server (channel list, /me/unread) into a channel. The server may lag
 * behind what this client already did: a read marker moved a moment ago, or a broadcast that
 * arrived after the server answered. Markers and seqs therefore only move forward, and when the
 * loaded window covers everything unread the count is computed locally, which is exact.
 */
export function applyServerCounts(channel: ChannelState, server: ServerCounts, myUserId: string): ChannelState {
  const lastSeq = Math.max(channel.lastSeq, server.lastSeq);
  const lastReadSeq = Math.max(channel.lastReadSeq, server.lastReadSeq);
  let unread: number;
  let mentions: number;
  const top = highestContiguousSeq(channel.messages, channel.windowFloorSeq);
  const windowCovers = channel.loaded && channel.windowFloorSeq <= lastReadSeq && top >= lastSeq;
  if (windowCovers) {
    unread = countUnread(channel.messages, lastReadSeq, myUserId);
    mentions = countMentions(channel.messages, lastReadSeq, myUserId, channel.kind);
  } else if (server.lastReadSeq >= channel.lastReadSeq && server.lastSeq >= channel.lastSeq) {
    unread = server.unread;
    // Older servers send no mention count.
    mentions = server.mentions ?? 0;
  } else {
    // our view is newer than the server's answer
    unread = channel.unread;
    mentions = channel.mentions;
  }
  if (lastSeq === channel.lastSeq && lastReadSeq === channel.lastReadSeq && unread === channel.unread && mentions === channel.mentions) {
    return channel;
  }
  return { ...channel, lastSeq, lastReadSeq, unread, mentions };
}

/** Channel-list fields other than counters. */
export function applyListItem(channel: ChannelState, item: ChannelListItem, myUserId: string): ChannelState {
  const topic = item.topic ?? '';
  const described =
    channel.name === item.name && channel.private === item.private && channel.isMember === item.isMember && channel.topic === topic
      ? channel
      : { ...channel, name: item.name, private: item.private, isMember: item.isMember, topic };
  return applyServerCounts(described, item, myUserId);
}

/** A direct conversation from its list: who is in it, and its counters. */
export function applyDirectConversation(channel: ChannelState, dm: DirectConversation, myUserId: string): ChannelState {
  const sameMembers = channel.members.length === dm.members.length && channel.members.every((m, i) => m.id === dm.members[i].id);
  const described =
    channel.kind === 'dm' && channel.isMember && sameMembers
      ? channel
      : { ...channel, kind: 'dm' as const, name: '', private: true, isMember: true, members: dm.members };
  return applyServerCounts(described, dm, myUserId);
}
