import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { COMMUNITY_NAMESPACE_PATTERN, type JoinAck, type LeaveAck } from '@app/shared';
import { SocketAckFilter } from '../common/socket-ack.filter';
import type { CommunitySocket } from '../common/socket-types';
import { MembershipService } from './membership.service';

@UseFilters(SocketAckFilter)
@WebSocketGateway({ namespace: COMMUNITY_NAMESPACE_PATTERN })
export class MembershipGateway {
  constructor(private readonly membership: MembershipService) {}

  @SubscribeMessage('join')
  onJoin(@ConnectedSocket() socket: CommunitySocket, @MessageBody() payload: unknown): Promise<JoinAck> {
    return this.membership.join(socket, payload);
  }

  @SubscribeMessage('leave')
  onLeave(@ConnectedSocket() socket: CommunitySocket, @MessageBody() payload: unknown): Promise<LeaveAck> {
    return this.membership.leave(socket, payload);
  }
}
