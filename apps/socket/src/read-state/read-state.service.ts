import { Injectable } from '@nestjs/common';
import { type ReadAck, validate } from '@app/shared';
import { ApiClient } from '../api-client/api-client.service';
import { DomainError } from '../common/domain.error';
import type { CommunitySocket } from '../common/socket-types';

/** Moves the caller's read marker; the API keeps it monotonic and checks membership. */
@Injectable()
export class ReadStateService {
  constructor(private readonly api: ApiClient) {}

  async markRead(socket: CommunitySocket, payload: unknown): Promise<ReadAck> {
    const parsed = validate.readPayload(payload);
    if (!parsed.ok) throw DomainError.from(parsed.error);
    const result = await this.api.read({
      userId: socket.data.user.id,
      communityId: socket.data.communityId,
      channelId: parsed.value.channelId,
      seq: parsed.value.seq,
    });
    if (!result.ok) throw DomainError.from(result.error);
    if (!result.value.ok) throw DomainError.from(result.value.error);
    return { lastReadSeq: result.value.lastReadSeq };
  }
}
