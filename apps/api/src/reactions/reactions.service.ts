import { Injectable } from '@nestjs/common';
import { DomainError, LIMITS, type ReactAck, type ReactPayload, type UserSummary } from '@app/shared';
import { ReactionsRepository } from './reactions.repository';

/**
 * Reactions: idempotent adds and removes by channel members on messages of their channel that are
 * not deleted. The API decides everything; the socket app only broadcasts what changed.
 */
@Injectable()
export class ReactionsService {
  constructor(private readonly reactions: ReactionsRepository) {}

  react(userId: string, communityId: string, reaction: ReactPayload): Promise<ReactAck> {
    const { channelId, messageId, emoji, action } = reaction;
    return this.reactions.transaction(async (tx) => {
      const message = await this.reactions.lockMessage(tx, messageId);
      if (!message || message.channel_id !== channelId || message.community_id !== communityId) {
        throw new DomainError('not_found', 'no such message in this channel');
      }
      const username = await this.reactions.channelMemberName(tx, channelId, userId);
      if (username === undefined) throw new DomainError('forbidden', 'not a member of this channel');
      const user: UserSummary = { id: userId, username };
      if (message.deleted) throw new DomainError('not_found', 'the message was deleted');
      let changed: boolean;
      if (action === 'add') {
        const state = await this.reactions.emojiState(tx, messageId, emoji);
        if (!state.present && state.distinct >= LIMITS.reactionEmojiPerMessageMax) {
          throw new DomainError('validation_failed', `a message takes at most ${LIMITS.reactionEmojiPerMessageMax} different reactions`);
        }
        changed = await this.reactions.add(tx, { messageId, emoji, userId: user.id, channelId });
      } else {
        changed = await this.reactions.remove(tx, { messageId, emoji, userId: user.id });
      }
      const count = await this.reactions.count(tx, messageId, emoji);
      return { ok: true, changed, reaction: { channelId, messageId, emoji, user, action, count } };
    });
  }
}
