import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { COMMUNITY_NAMESPACE_PATTERN, type ReadAck } from '@app/shared';
import { SocketAckFilter } from '../common/socket-ack.filter';
import type { CommunitySocket } from '../common/socket-types';
import { ReadStateService } from './read-state.service';

@UseFilters(SocketAckFilter)
@WebSocketGateway({ namespace: COMMUNITY_NAMESPACE_PATTERN })
export class ReadStateGateway {
  constructor(private readonly readState: ReadStateService) {}

  @SubscribeMessage('read')
  onRead(@ConnectedSocket() socket: CommunitySocket, @MessageBody() payload: unknown): Promise<ReadAck> {
    return this.readState.markRead(socket, payload);
  }
}
