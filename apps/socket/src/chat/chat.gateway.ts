import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, type OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { CHAT_BROADCAST_EVENT, COMMUNITY_NAMESPACE_PATTERN, type ChatAck } from '@app/shared';
import { SocketAckFilter } from '../common/socket-ack.filter';
import type { CommunityNamespace, CommunitySocket } from '../common/socket-types';
import { SocketConfig } from '../config/socket-config';
import { ChatService } from './chat.service';
import { coalesceSocketWrites } from './write-coalescing';

@UseFilters(SocketAckFilter)
@WebSocketGateway({ namespace: COMMUNITY_NAMESPACE_PATTERN })
export class ChatGateway implements OnGatewayInit {
  constructor(
    private readonly chat: ChatService,
    private readonly config: SocketConfig,
  ) {}

  afterInit(parent: CommunityNamespace): void {
    if (this.config.chatWrite.coalesceWrites) coalesceSocketWrites(parent.server.engine);
  }

  /** Write-through: broadcast and ack only once the API has stored the message. */
  @SubscribeMessage('chat')
  async onChat(@ConnectedSocket() socket: CommunitySocket, @MessageBody() payload: unknown): Promise<ChatAck> {
    const { chatType, message } = await this.chat.write(socket, payload);
    // The room of this community's namespace only, and not back to the sender: its ack carries the message.
    socket.to(message.channelId).emit(CHAT_BROADCAST_EVENT[chatType], message);
    return { written: true, chatInfo: message };
  }
}
