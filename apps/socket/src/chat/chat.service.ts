import { Injectable } from '@nestjs/common';
import { type ChatType, DomainError, type Message, type ThreadUpdate, validate } from '@app/shared';
import type { CommunitySocket } from '../common/socket-types';
import { UserRateLimiter } from '../rate-limit/user-rate-limiter.service';
import { ChatWriter } from './chat-writer';

export interface StoredChat {
  chatType: ChatType;
  message: Message;
  /** A thread whose summary this chat changed (a reply written or deleted). */
  thread?: ThreadUpdate;
}

/** Turns a client's `chat` into a stored message, or throws the DomainError its ack reports. */
@Injectable()
export class ChatService {
  constructor(
    private readonly limiter: UserRateLimiter,
    private readonly writer: ChatWriter,
  ) {}

  async write(socket: CommunitySocket, payload: unknown): Promise<StoredChat> {
    // Before validation: a flood of garbage costs the sender its budget too.
    if (!(await this.limiter.tryTake('write', socket.data.user.id))) throw new DomainError('rate_limited', 'too many chat events; slow down');
    const parsed = validate.chatPayload(payload);
    if (!parsed.ok) throw DomainError.fromInfo(parsed.error);
    const chat = parsed.value;
    // Who writes and where come from the handshake, never from the payload.
    const result = await this.writer.write({ userId: socket.data.user.id, communityId: socket.data.communityId, chat }, socket.data.user);
    if (!result.ok) throw DomainError.fromInfo(result.error);
    return { chatType: chat.chatType, message: result.message, thread: result.thread };
  }
}
