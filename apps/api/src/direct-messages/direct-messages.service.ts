import { Injectable } from '@nestjs/common';
import { type DirectConversation, type DirectConversationList, DomainError, LIMITS, type OpenDirectConversationResponse } from '@app/shared';
import { CommunityAccessService } from '../communities/community-access.service';
import { UserEventsHub } from '../user-events/user-events.hub';
import { type DirectConversationRow, DirectMessagesRepository } from './direct-messages.repository';

function toConversation(row: DirectConversationRow): DirectConversation {
  return {
    id: row.id,
    communityId: row.community_id,
    members: row.members,
    lastSeq: Number(row.last_seq),
    lastReadSeq: Number(row.last_read_seq),
    unread: Number(row.unread),
    mentions: Number(row.mentions),
    lastMessageAt: row.last_message_at ? row.last_message_at.toISOString() : null,
  };
}

/**
 * Direct conversations of a community's members. Everything else about them (messages, history,
 * markers, unread) is the channel machinery's, with the conversation's id as the channel id.
 */
@Injectable()
export class DirectMessagesService {
  constructor(
    private readonly conversations: DirectMessagesRepository,
    private readonly communities: CommunityAccessService,
    private readonly events: UserEventsHub,
  ) {}

  async open(callerId: string, communityId: string, userIds: readonly string[]): Promise<OpenDirectConversationResponse> {
    await this.communities.requireMember(callerId, communityId);
    const people = [...new Set([callerId, ...userIds.map((id) => id.toLowerCase())])].sort();
    if (people.length > LIMITS.dmMembersMax) {
      throw new DomainError('validation_failed', `a direct conversation has at most ${LIMITS.dmMembersMax} people, you included`);
    }
    const members = new Set(await this.conversations.communityMembers(communityId, people));
    const outsiders = people.filter((id) => !members.has(id));
    if (outsiders.length > 0) throw new DomainError('forbidden', `not members of this community: ${outsiders.join(', ')}`);
    const { id, created } = await this.conversations.open(communityId, people);
    if (created) {
      const payload = { communityId, channelId: id, kind: 'dm' as const, member: true };
      await this.events.publish({ userIds: people, event: 'channel-membership', payload });
    }
    const row = await this.conversations.one(id, callerId);
    return { conversation: toConversation(row!), created };
  }

  async list(userId: string, communityId: string): Promise<DirectConversationList> {
    await this.communities.requireMember(userId, communityId);
    const rows = await this.conversations.list(communityId, userId, LIMITS.dmListed);
    return { conversations: rows.map(toConversation) };
  }
}
