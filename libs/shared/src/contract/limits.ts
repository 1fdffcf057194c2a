/** Limits of the wire contract; validators and servers read them from here only. */
export const LIMITS = {
  usernamePattern: /^[a-zA-Z0-9_.-]{1,32}$/,
  contentMaxChars: 4000,
  clientMsgIdMaxChars: 64,
  communityNameMaxChars: 80,
  channelNameMaxChars: 80,
  /** Channels named in one join/leave event. */
  channelsPerJoinMax: 200,
  historyDefaultLimit: 50,
  historyMaxLimit: 100,
  /** Messages the socket app may send to the API in one internal batch. */
  internalBatchMax: 500,
  /** Repliers a thread summary names. */
  threadParticipantsShown: 3,
  /** Distinct emoji on one message; adding a new one beyond it is refused. */
  reactionEmojiPerMessageMax: 20,
  /** Longest emoji text accepted (ZWJ sequences with skin tones reach about 35 UTF-16 units). */
  emojiMaxChars: 64,
  channelTopicMaxChars: 250,
  /** Members one `GET /api/channels/:id/members` lists. */
  channelMembersListed: 1000,
  /** People in one direct conversation, its opener included. */
  dmMembersMax: 8,
  /** Direct conversations one `GET /api/communities/:id/dms` lists (the most recently active). */
  dmListed: 200,
  /** Distinct `@username` mentions resolved per message; more are left as text. */
  mentionsPerMessageMax: 50,
  /** Longest search text (`q`). */
  searchQueryMaxChars: 256,
  /** Words and phrase words one search may use; more are refused. */
  searchTermsMax: 16,
  searchDefaultLimit: 20,
  searchMaxLimit: 50,
  /** Files attached to one message. */
  attachmentsPerMessageMax: 10,
  /** Longest file name (characters). */
  fileNameMaxChars: 255,
  /** A thumbnail fits in this square (pixels). */
  thumbnailMaxPx: 360,
  /** The name of the channel every community starts with and every new member joins. */
  defaultChannelName: 'town-square',
} as const;

/** Socket.IO namespace of a community, and the pattern the server accepts. */
export const COMMUNITY_NAMESPACE_PREFIX = '/socket/commu-';
export const COMMUNITY_NAMESPACE_PATTERN = /^\/socket\/commu-([A-Za-z0-9_-]+)$/;

/**
 * Addition: each signed-in client's own namespace, on any socket node (`GET /api/me/endpoint` says
 * which): it hears the user's events (membership, read markers) even with no community yet.
 */
export const USER_NAMESPACE = '/socket/me';

export function communityNamespace(communityId: string): string {
  return `${COMMUNITY_NAMESPACE_PREFIX}${communityId}`;
}

export function communityIdFromNamespace(namespace: string): string | null {
  const match = COMMUNITY_NAMESPACE_PATTERN.exec(namespace);
  return match ? match[1] : null;
}
