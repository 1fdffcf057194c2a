import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HistoryPage, HistoryQuery } from '@app/shared';
import { DataSource } from 'typeorm';
import { ChannelAccessService } from '../channels/channel-access.service';
import { preparedRows } from '../database/prepared-rows';
import { MESSAGE_COLUMNS, type MessageRow, toMessage } from './message-row';

/** Reading history; writing goes through MessageWriterService only. */
@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: ChannelAccessService,
  ) {}

  /**
   * One page, ascending by seq. With `after` the page grows upwards from it (hasMore: newer exist);
   * otherwise it is the newest page below `before` or the top (hasMore: older exist). One extra
   * row is fetched to know whether more exist.
   */
  async history(userId: string, channelId: string, query: HistoryQuery): Promise<HistoryPage> {
    await this.access.requireChannelMember(userId, channelId);
    const params: unknown[] = [channelId];
    const conditions = ['m.channel_id = $1'];
    if (query.after !== undefined) {
      params.push(query.after);
      conditions.push(`m.seq > $${params.length}`);
    }
    if (query.before !== undefined) {
      params.push(query.before);
      conditions.push(`m.seq < $${params.length}`);
    }
    const upwards = query.after !== undefined;
    params.push(query.limit + 1);
    // One prepared statement per shape of the query (which bounds it has).
    const rows = await preparedRows<MessageRow>(
      this.db,
      `history${query.after !== undefined ? '-after' : ''}${query.before !== undefined ? '-before' : ''}`,
      `SELECT ${MESSAGE_COLUMNS}
         FROM messages m JOIN users u ON u.id = m.author_id
        WHERE ${conditions.join(' AND ')}
        ORDER BY m.seq ${upwards ? 'ASC' : 'DESC'}
        LIMIT $${params.length}`,
      params,
    );
    const hasMore = rows.length > query.limit;
    const page = rows.slice(0, query.limit).map(toMessage);
    return { messages: upwards ? page : page.reverse(), hasMore };
  }
}
