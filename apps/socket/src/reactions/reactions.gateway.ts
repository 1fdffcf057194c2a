import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { COMMUNITY_NAMESPACE_PATTERN, type ReactAck } from '@app/shared';
import { SocketAckFilter } from '../common/socket-ack.filter';
import type { CommunitySocket } from '../common/socket-types';
import { ReactionsService } from './reactions.service';

@UseFilters(SocketAckFilter)
@WebSocketGateway({ namespace: COMMUNITY_NAMESPACE_PATTERN })
export class ReactionsGateway {
  constructor(private readonly reactions: ReactionsService) {}

  /** Stored, then broadcast to the whole room (the reactor's other tabs too), then acked; a no-op is acked only. */
  @SubscribeMessage('react')
  async onReact(@ConnectedSocket() socket: CommunitySocket, @MessageBody() payload: unknown): Promise<ReactAck> {
    const ack = await this.reactions.react(socket, payload);
    if (ack.changed) socket.nsp.to(ack.reaction.channelId).emit('reaction', ack.reaction);
    return ack;
  }
}
