import { Injectable } from '@nestjs/common';
import { DomainError, type ReactAck, validate } from '@app/shared';
import { ApiClient } from '../api-client/api-client.service';
import { UserRateLimiter } from '../rate-limit/user-rate-limiter.service';
import type { CommunitySocket } from '../common/socket-types';

/** Adds or removes the caller's reaction; the API checks membership, the message and the limits. */
@Injectable()
export class ReactionsService {
  constructor(
    private readonly api: ApiClient,
    private readonly limiter: UserRateLimiter,
  ) {}

  async react(socket: CommunitySocket, payload: unknown): Promise<Extract<ReactAck, { ok: true }>> {
    // Reactions spend the user's write budget, as chats do: a reaction is a write to the channel too.
    if (!(await this.limiter.tryTake('write', socket.data.user.id))) throw new DomainError('rate_limited', 'too many chat events; slow down');
    const parsed = validate.reactPayload(payload);
    if (!parsed.ok) throw DomainError.fromInfo(parsed.error);
    const result = await this.api.reaction({ userId: socket.data.user.id, communityId: socket.data.communityId, reaction: parsed.value });
    if (!result.ok) throw DomainError.fromInfo(result.error);
    if (!result.value.ok) throw DomainError.fromInfo(result.value.error);
    return result.value;
  }
}
