import { Injectable } from '@nestjs/common';
import { DomainError, type ReadAck, validate } from '@app/shared';
import { ApiClient } from '../api-client/api-client.service';
import type { CommunitySocket } from '../common/socket-types';
import { UserRateLimiter } from '../rate-limit/user-rate-limiter.service';

/** Moves the caller's read marker; the API keeps it monotonic and checks membership. */
@Injectable()
export class ReadStateService {
  constructor(
    private readonly api: ApiClient,
    private readonly limiter: UserRateLimiter,
  ) {}

  async markRead(socket: CommunitySocket, payload: unknown): Promise<ReadAck> {
    // Each read that passes is an UPDATE in Postgres: a flood of them is refused before it costs that.
    if (!(await this.limiter.tryTake('event', socket.data.user.id))) throw new DomainError('rate_limited', 'too many read events; slow down');
    const parsed = validate.readPayload(payload);
    if (!parsed.ok) throw DomainError.fromInfo(parsed.error);
    const result = await this.api.read({
      userId: socket.data.user.id,
      communityId: socket.data.communityId,
      channelId: parsed.value.channelId,
      seq: parsed.value.seq,
    });
    if (!result.ok) throw DomainError.fromInfo(result.error);
    if (!result.value.ok) throw DomainError.fromInfo(result.value.error);
    return { lastReadSeq: result.value.lastReadSeq };
  }
}
