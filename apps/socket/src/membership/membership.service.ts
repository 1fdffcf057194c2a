import { Injectable } from '@nestjs/common';
import { DomainError, type JoinAck, type LeaveAck, validate } from '@app/shared';
import { ApiClient } from '../api-client/api-client.service';
import type { CommunitySocket } from '../common/socket-types';
import { UserRateLimiter } from '../rate-limit/user-rate-limiter.service';

/** Which channel rooms of its community a socket listens to. Room name = channel id. */
@Injectable()
export class MembershipService {
  constructor(
    private readonly api: ApiClient,
    private readonly limiter: UserRateLimiter,
  ) {}

  async join(socket: CommunitySocket, payload: unknown): Promise<JoinAck> {
    await this.spend(socket);
    const channels = this.parseChannels(payload);
    const result = await this.api.channelAccess({
      userId: socket.data.user.id,
      communityId: socket.data.communityId,
      channelIds: channels,
    });
    if (!result.ok) throw DomainError.fromInfo(result.error);
    // Only rooms the client asked for: an API answer must never put a socket in any other room.
    const requested = new Set(channels);
    const joined = result.value.allowed.filter((id) => requested.has(id));
    const answered = new Set([...joined, ...result.value.rejected.map((r) => r.channelId)]);
    const rejected = [
      ...result.value.rejected.filter((r) => requested.has(r.channelId)),
      ...channels.filter((id) => !answered.has(id)).map((channelId) => ({ channelId, code: 'not_found' as const })),
    ];
    await socket.join(joined);
    return { joined, rejected };
  }

  async leave(socket: CommunitySocket, payload: unknown): Promise<LeaveAck> {
    await this.spend(socket);
    const channels = this.parseChannels(payload);
    // Leaving a room the socket is not in is a no-op, so the answer is simply what was asked.
    await Promise.all(channels.map((id) => socket.leave(id)));
    return { left: channels };
  }

  private async spend(socket: CommunitySocket): Promise<void> {
    if (!(await this.limiter.tryTake('event', socket.data.user.id)))
      throw new DomainError('rate_limited', 'too many join and leave events; slow down');
  }

  /** Validated (UUIDs only, so a channel room can never be another socket's own room), deduplicated. */
  private parseChannels(payload: unknown): string[] {
    const parsed = validate.channelsPayload(payload);
    if (!parsed.ok) throw DomainError.fromInfo(parsed.error);
    return [...new Set(parsed.value.channels)];
  }
}
