import { UseFilters } from '@nestjs/common';
import { ConnectedSocket, MessageBody, type OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { CHAT_BROADCAST_EVENT, COMMUNITY_NAMESPACE_PATTERN, type ChatAck, DomainError } from '@app/shared';
import { SocketAckFilter } from '../common/socket-ack.filter';
import type { CommunityNamespace, CommunitySocket } from '../common/socket-types';
import { SocketConfig } from '../config/socket-config';
import { SocketMetrics } from '../metrics/socket-metrics';
import { ChatService } from './chat.service';
import { ChatsInHand } from './chats-in-hand';
import { coalesceSocketWrites } from '../patches/engine-io-write-coalescing.patch';

@UseFilters(SocketAckFilter)
@WebSocketGateway({ namespace: COMMUNITY_NAMESPACE_PATTERN })
export class ChatGateway implements OnGatewayInit {
  constructor(
    private readonly chat: ChatService,
    private readonly config: SocketConfig,
    private readonly metrics: SocketMetrics,
    private readonly inHand: ChatsInHand,
  ) {}

  afterInit(parent: CommunityNamespace): void {
    if (this.config.chatWrite.coalesceWrites) coalesceSocketWrites(parent.server.engine);
  }

  /** Write-through: broadcast and ack only once the API has stored the message. */
  @SubscribeMessage('chat')
  onChat(@ConnectedSocket() socket: CommunitySocket, @MessageBody() payload: unknown): Promise<ChatAck> {
    return this.inHand.track(() => this.handleChat(socket, payload));
  }

  private async handleChat(socket: CommunitySocket, payload: unknown): Promise<ChatAck> {
    const started = performance.now();
    try {
      if (!this.inHand.accepting) throw new DomainError('unavailable', 'this node is shutting down: send it again once reconnected');
      const { chatType, message, thread } = await this.chat.write(socket, payload);
      // The room of this community's namespace only, and not back to the sender: its ack carries the message.
      socket.to(message.channelId).emit(CHAT_BROADCAST_EVENT[chatType], message);
      // The summary goes to the sender too: its other views of the root (and other tabs) show it.
      if (thread) socket.nsp.to(thread.channelId).emit('thread-updated', thread);
      this.metrics.chatWritten(chatType, started);
      return { written: true, chatInfo: message };
    } catch (err) {
      // Counted here, where the chat's payload is at hand; SocketAckFilter turns the error into the ack.
      this.metrics.chatRefused(payload, err);
      throw err;
    }
  }
}
