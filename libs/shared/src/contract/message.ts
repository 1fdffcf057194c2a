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
}
