import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { COMMUNITY_NAMESPACE_PATTERN } from '@app/shared';
import { SocketAckFilter } from '../common/socket-ack.filter';
import type { CommunitySocket } from '../common/socket-types';
import { TypingService } from './typing.service';

@UseFilters(SocketAckFilter)
@WebSocketGateway({ namespace: COMMUNITY_NAMESPACE_PATTERN })
export class TypingGateway {
  constructor(private readonly typingService: TypingService) {}

  /** The ack is optional for `typing`; without one, a refusal is simply dropped. */
  @SubscribeMessage('typing')
  onTyping(@ConnectedSocket() socket: CommunitySocket, @MessageBody() payload: unknown): { ok: true } {
    return this.typingService.typing(socket, payload);
  }
}
