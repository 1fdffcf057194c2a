import { Injectable } from '@nestjs/common';
import { DomainError, validate } from '@app/shared';
import { TokenBucket } from '../chat/token-bucket';
import type { CommunitySocket } from '../common/socket-types';

/** A typing notice every second or so is plenty for "alice is typing…"; more is noise on the room. */
const TYPING_PER_SECOND = 1;
const TYPING_BURST = 3;

/**
 * Relays `typing` to the channel's room, sender excluded. Never stored and never sent to the API:
 * the room itself is the authorization, since a socket only gets into a room after the API
 * confirmed its channel membership at `join`.
 */
@Injectable()
export class TypingService {
  private readonly buckets = new WeakMap<CommunitySocket, TokenBucket>();

  typing(socket: CommunitySocket, payload: unknown): { ok: true } {
    const parsed = validate.typingPayload(payload);
    if (!parsed.ok) throw DomainError.fromInfo(parsed.error);
    const { channelId } = parsed.value;
    if (!socket.rooms.has(channelId)) throw new DomainError('forbidden', 'join the channel before sending typing notices');
    if (!this.bucketOf(socket).tryTake()) throw new DomainError('rate_limited', 'too many typing notices');
    socket.to(channelId).emit('typing', { channelId, user: socket.data.user });
    return { ok: true };
  }

  private bucketOf(socket: CommunitySocket): TokenBucket {
    let bucket = this.buckets.get(socket);
    if (!bucket) {
      bucket = new TokenBucket(TYPING_PER_SECOND, TYPING_BURST);
      this.buckets.set(socket, bucket);
    }
    return bucket;
  }
}
