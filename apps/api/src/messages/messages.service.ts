import { Injectable } from '@nestjs/common';
import { DomainError, type HistoryPage, type HistoryQuery, type ThreadPage } from '@app/shared';
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
    if (query.around !== undefined) return this.around(userId, channelId, query.around, query.limit);
    const upwards = query.after !== undefined;
    // One extra row tells whether more exist.
    const rows = await this.messages.history(channelId, query, query.limit + 1, userId);
    const hasMore = rows.length > query.limit;
    const page = rows.slice(0, query.limit).map(toMessage);
    return { messages: upwards ? page : page.reverse(), hasMore };
  }

  /**
   * `?around=`: the seq and up to half the page before it, the rest after it, ascending (seqs are
   * contiguous, so the page is the channel as it was around a search hit). `hasMore`: older exist;
   * newer ones follow with `?after=` as after any page.
   */
  private async around(userId: string, channelId: string, seq: number, limit: number): Promise<HistoryPage> {
    const olderCount = Math.ceil(limit / 2);
    const older = await this.messages.history(channelId, { before: seq + 1, after: undefined }, olderCount + 1, userId);
    const kept = older.slice(0, olderCount);
    // Near the start of the channel, the page is filled from above instead.
    const newer = await this.messages.history(channelId, { before: undefined, after: seq }, limit - kept.length, userId);
    return { messages: [...kept.reverse(), ...newer].map(toMessage), hasMore: older.length > olderCount };
  }

  /** One page of a thread's replies, paged like history, with its root as stored now. */
  async thread(userId: string, channelId: string, rootId: string, query: HistoryQuery): Promise<ThreadPage> {
    await this.access.requireChannelMember(userId, channelId);
    if (query.around !== undefined) throw new DomainError('validation_failed', 'around is for channel history, not threads');
    const rootRow = await this.messages.readOne(rootId, userId);
    if (!rootRow || rootRow.channel_id !== channelId || rootRow.thread_root_id)
      throw new DomainError('not_found', 'no such thread in this channel');
    const upwards = query.after !== undefined;
    const rows = await this.messages.threadHistory(rootId, query, query.limit + 1, userId);
    const hasMore = rows.length > query.limit;
    const page = rows.slice(0, query.limit).map(toMessage);
    return { root: toMessage(rootRow), messages: upwards ? page : page.reverse(), hasMore };
  }
}
