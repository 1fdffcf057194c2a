import { Injectable } from '@nestjs/common';
import { DomainError, type ReadAck, validate } from '@app/shared';
import { ApiClient } from '../api-client/api-client.service';
import type { CommunitySocket } from '../common/socket-types';

/** Moves the caller's read marker; the API keeps it monotonic and checks membership. */
@Injectable()
export class ReadStateService {
  constructor(private readonly api: ApiClient) {}

  async markRead(socket: CommunitySocket, payload: unknown): Promise<ReadAck> {
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
