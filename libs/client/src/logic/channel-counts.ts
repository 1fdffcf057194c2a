import type { ChannelListItem, UnreadEntry } from '@app/shared';
import type { ChannelState } from '../store/chat-state';
import { countUnread } from './message-merge';
import { highestContiguousSeq } from './seq-gaps';

type ServerCounts = Pick<UnreadEntry, 'lastSeq' | 'lastReadSeq' | 'unread'>;

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
  const top = highestContiguousSeq(channel.messages, channel.windowFloorSeq);
  const windowCovers = channel.loaded && channel.windowFloorSeq <= lastReadSeq && top >= lastSeq;
  if (windowCovers) unread = countUnread(channel.messages, lastReadSeq, myUserId);
  else if (server.lastReadSeq >= channel.lastReadSeq && server.lastSeq >= channel.lastSeq) unread = server.unread;
  else unread = channel.unread; // our view is newer than the server's answer
  if (lastSeq === channel.lastSeq && lastReadSeq === channel.lastReadSeq && unread === channel.unread) return channel;
  return { ...channel, lastSeq, lastReadSeq, unread };
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
