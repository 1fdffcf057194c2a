export interface UserSummary {
  id: string;
  username: string;
}

/** A stored chat message as every client sees it. */
export interface Message {
  id: string;
  communityId: string;
  channelId: string;
  /** Per channel, from 1, contiguous: a gap means a missed message. */
  seq: number;
  author: UserSummary;
  /** Empty once deleted. */
  content: string;
  clientMsgId: string;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /**
   * Addition: set on a thread reply, the id of its root (a message of the same channel). Absent on
   * every other message. Replies are messages of the channel like any other (next contiguous seq,
   * in channel history and unread counts); thread-aware clients show them under their root.
   */
  threadRootId?: string;
  /** Addition: on a thread root that has had replies, its summary. Absent otherwise. */
  thread?: ThreadSummary;
  /** Addition (history pages only): reactions as counts per emoji, oldest emoji first. Absent when none. */
  reactions?: ReactionCount[];
  /**
   * Addition: the community members the content names as `@username`, found by the server when the
   * message is written or edited (an edit replaces them). Absent when none.
   */
  mentions?: string[];
  /** Addition: `true` when the content says `@channel` or `@here` (everyone in the conversation). Absent otherwise. */
  mentionsChannel?: true;
  /** Addition: files attached when the message was written, in the order given. Absent when none. */
  attachments?: Attachment[];
}

/**
 * Addition: an uploaded file. Its bytes are at `GET /api/files/:id` (and `/api/files/:id/thumbnail`
 * when `thumbnail`), for the members of the conversation it is attached to (or its uploader before).
 */
export interface Attachment {
  id: string;
  name: string;
  /** Bytes. */
  size: number;
  contentType: string;
  /** Images: their size in pixels, so a client can lay them out before loading. */
  width?: number;
  height?: number;
  /** Images: a smaller version (at most 360 px a side, WebP) exists. */
  thumbnail?: true;
}

export interface ThreadSummary {
  /** Replies not deleted. */
  replyCount: number;
  lastReplyAt: string;
  /** The latest distinct repliers, newest first, at most LIMITS.threadParticipantsShown. */
  participants: UserSummary[];
}

export interface ReactionCount {
  emoji: string;
  count: number;
  /** Whether the reader of this page reacted with it. */
  me: boolean;
}
