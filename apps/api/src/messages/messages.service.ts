import { Injectable } from '@nestjs/common';
import type { HistoryPage, HistoryQuery } from '@app/shared';
import { ChannelAccessService } from '../channels/channel-access.service';
import { toMessage } from './message-row';
import { MessagesRepository } from './messages.repository';

/** Reading history; writing goes through MessageWriterService only. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly access: ChannelAccessService,
  ) {}

  /**
   * One page, ascending by seq. With `after` the page grows upwards from it (hasMore: newer exist);
   * otherwise it is the newest page below `before` or the top (hasMore: older exist).
   */
  async history(userId: string, channelId: string, query: HistoryQuery): Promise<HistoryPage> {
    await this.access.requireChannelMember(userId, channelId);
    const upwards = query.after !== undefined;
    // One extra row tells whether more exist.
    const rows = await this.messages.history(channelId, query, query.limit + 1);
    const hasMore = rows.length > query.limit;
    const page = rows.slice(0, query.limit).map(toMessage);
    return { messages: upwards ? page : page.reverse(), hasMore };
  }
}
