import type { CommunityRole, ConversationKind, ErrorInfo, Message, UserSummary } from '@app/shared';
import type { OutgoingMessage } from '../logic/outbox';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface CommunityState {
  id: string;
  name: string;
  namespace: string;
  role: CommunityRole;
  connection: ConnectionStatus;
  /** Why the socket is not connected, when the server or the network said so. */
  connectionError?: ErrorInfo;
  /** Channel ids in display order; every channel the user can see, member or not. */
  channelIds: string[];
  channelsLoaded: boolean;
  /** My direct conversations in this community, latest activity first (their state is in `channels`). */
  dmIds: string[];
  /** The channel every member joins (#general); null if the server names none. */
  defaultChannelId: string | null;
}

export interface TypingUser {
  user: UserSummary;
  /** Epoch ms after which the indicator is dropped unless refreshed. */
  until: number;
}

export interface ChannelState {
  id: string;
  communityId: string;
  /** A channel, or a direct conversation (`dm`: `name` is empty, `members` says who is in it). */
  kind: ConversationKind;
  name: string;
  private: boolean;
  isMember: boolean;
  /** Empty when none is set. */
  topic: string;
  /** Highest seq the server is known to have (from the channel list, broadcasts and acks). */
  lastSeq: number;
  lastReadSeq: number;
  unread: number;
  /** Unread messages that mention me (every unread one in a direct conversation). */
  mentions: number;
  /** Everyone in a direct conversation, me included; empty for channels. */
  members: UserSummary[];
  /** True once the newest history page was fetched; until then `messages` is empty. */
  loaded: boolean;
  loading: boolean;
  loadingOlder: boolean;
  hasMoreBefore: boolean;
  /** Stored messages, ascending by seq, no duplicates. */
  messages: Message[];
  /** Seq just below the loaded window; the window is complete from here up to its contiguous top. */
  windowFloorSeq: number;
  /** My unconfirmed messages, shown after the stored ones. */
  outbox: OutgoingMessage[];
  typing: TypingUser[];
  loadError?: ErrorInfo;
  /** The thread open beside the channel, if any (one per channel). */
  thread?: ThreadState;
}

/**
 * A thread shown beside its channel: its root and replies from the thread route, kept live by the
 * channel's broadcasts. Replies are also messages of the channel (in `messages` when loaded there).
 */
export interface ThreadState {
  rootId: string;
  root?: Message;
  /** Stored replies, ascending by seq, no duplicates. */
  replies: Message[];
  loading: boolean;
  hasMoreBefore: boolean;
  loadError?: ErrorInfo;
}

export interface Notice {
  id: number;
  level: 'error' | 'info';
  text: string;
  code?: ErrorInfo['code'];
}

export type SessionStatus = 'idle' | 'loading' | 'ready' | 'error' | 'unauthorized';

export interface ChatState {
  session: SessionStatus;
  sessionError?: ErrorInfo;
  me: UserSummary | null;
  communities: CommunityState[];
  channels: Record<string, ChannelState>;
  notices: Notice[];
}

export const INITIAL_CHAT_STATE: ChatState = { session: 'idle', me: null, communities: [], channels: {}, notices: [] };

export function emptyChannel(id: string, communityId: string, name: string): ChannelState {
  return {
    id,
    communityId,
    kind: 'channel',
    name,
    private: false,
    isMember: true,
    topic: '',
    lastSeq: 0,
    lastReadSeq: 0,
    unread: 0,
    mentions: 0,
    members: [],
    loaded: false,
    loading: false,
    loadingOlder: false,
    hasMoreBefore: false,
    messages: [],
    windowFloorSeq: 0,
    outbox: [],
    typing: [],
  };
}

/** Sum of unread over the channels and direct conversations of a community the user belongs to. */
export function communityUnread(state: ChatState, communityId: string): number {
  return sumOver(state, communityId, (c) => c.unread);
}

/** Sum of unread mentions over a community's channels and direct conversations. */
export function communityMentions(state: ChatState, communityId: string): number {
  return sumOver(state, communityId, (c) => c.mentions);
}

function sumOver(state: ChatState, communityId: string, count: (channel: ChannelState) => number): number {
  const community = state.communities.find((c) => c.id === communityId);
  if (!community) return 0;
  let total = 0;
  for (const id of [...community.channelIds, ...community.dmIds]) {
    const channel = state.channels[id];
    if (channel?.isMember) total += count(channel);
  }
  return total;
}
