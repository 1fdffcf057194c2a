import { Injectable, Logger } from '@nestjs/common';
import { RepeatedErrorLog, errorKind } from '@app/server';
import type { DeleteChatPayload, ErrorInfo, InternalChatResult, Message, ModifyChatPayload, ThreadUpdate } from '@app/shared';
import { classifyDatabaseError, isUniqueViolation } from '../common/postgres-errors';
import { Database } from '../database/database';
import type { SqlExecutor } from '../database/sql-executor';
import {
  type AllowedNew,
  BatchAuthors,
  type LockedChannel,
  type NewCommand,
  type RowPlan,
  counterValues,
  planRows,
  rowIndexOf,
  rowValues,
} from './batch-plan';
import { CLIENT_MSG_KEY } from './batch-sql';
import { type ValidChatCommand, parseChatCommand } from './chat-command';
import { applyEdit } from './message-edit';
import { bindAttachments, checkAttachments } from './message-attachments';
import { type ResolvedMentions, resolveMentions } from './mention-resolver';
import { toMessage, toThreadSummary } from './message-row';
import { type Deletion, MessagesRepository, type ReturnedRow, type ThreadRootRow } from './messages.repository';
import { countInsertedReplies, keepValidReplies } from './thread-replies';

type ChannelGroups = Map<string, ValidChatCommand[]>;
type EditCommand = ValidChatCommand & { chat: ModifyChatPayload | DeleteChatPayload };

/** What the statements of one batch's transaction share. */
interface BatchTx {
  tx: SqlExecutor;
  channels: Map<string, LockedChannel>;
  authors: BatchAuthors;
}

/** A new message's mention fields, absent when it mentions nobody (as toMessage maps them). */
const mentionFields = (mentions: ResolvedMentions | undefined): Pick<Message, 'mentions' | 'mentionsChannel'> => ({
  ...(mentions && mentions.userIds.length > 0 ? { mentions: mentions.userIds } : {}),
  ...(mentions?.channelWide ? { mentionsChannel: true as const } : {}),
});

const fail = (code: ErrorInfo['code'], message: string): InternalChatResult => ({ ok: false, error: { code, message } });

/**
 * The only write path for messages. A batch is one transaction whatever the number of channels,
 * so it costs one commit (one WAL flush) and a fixed handful of statements: lock the channel rows,
 * check every author's rights, insert all new rows, move every `last_seq` (a batch holding a repeat
 * of a stored message is written again, finding its repeats).
 * The channel row locks, taken in id order so that concurrent batches cannot deadlock, make seqs
 * contiguous and each (channel, author, clientMsgId) stored once, however many writers race.
 */
@Injectable()
export class MessageWriterService {
  private readonly logger = new Logger(MessageWriterService.name);
  private readonly repeated = new RepeatedErrorLog();

  constructor(
    private readonly db: Database,
    private readonly messages: MessagesRepository,
  ) {}

  /**
   * `results[i]` answers `commands[i]`; a failing command never fails the others. Commands are typed
   * `unknown` because each is validated here, whoever sent it.
   */
  async writeBatch(commands: readonly unknown[]): Promise<InternalChatResult[]> {
    const results: InternalChatResult[] = new Array(commands.length);
    const byChannel: ChannelGroups = new Map();
    commands.forEach((raw, index) => {
      const parsed = parseChatCommand(raw, index);
      if (!parsed.ok) {
        results[index] = { ok: false, error: parsed.error };
        return;
      }
      const group = byChannel.get(parsed.command.chat.channelId) ?? [];
      group.push(parsed.command);
      byChannel.set(parsed.command.chat.channelId, group);
    });
    if (byChannel.size === 0) return results;

    try {
      await this.writeInOneTransaction(byChannel, results);
    } catch (err) {
      if (byChannel.size === 1 || classifyDatabaseError(err) === 'unavailable') {
        this.failAll(byChannel, results, err);
        return results;
      }
      // Something in one channel broke the shared transaction: isolate it, one transaction per channel.
      await Promise.all(
        [...byChannel].map(async ([channelId, group]) => {
          const single: ChannelGroups = new Map([[channelId, group]]);
          await this.writeInOneTransaction(single, results).catch((e: unknown) => this.failAll(single, results, e));
        }),
      );
    }
    return results;
  }

  private failAll(groups: ChannelGroups, results: InternalChatResult[], err: unknown): void {
    const code = classifyDatabaseError(err) === 'unavailable' ? 'unavailable' : 'internal_error';
    const count = [...groups.values()].reduce((n, g) => n + g.length, 0);
    const note = this.repeated.admit(errorKind(err));
    if (note !== null) {
      this.logger.error(`writing ${count} command(s) to ${groups.size} channel(s) failed${note}: ${(err as Error).stack ?? String(err)}`);
    }
    for (const group of groups.values())
      for (const command of group) results[command.index] = fail(code, 'the message could not be stored, try again');
  }

  /**
   * Inserts assume every new message is new: finding repeats costs each row a speculative insertion
   * (`ON CONFLICT`), about a tenth of Postgres's time per message. A repeat of a stored message (a
   * client retrying after a lost ack) breaks the unique key instead, and the batch is written again
   * finding repeats; nothing of the first attempt was committed.
   */
  private async writeInOneTransaction(groups: ChannelGroups, results: InternalChatResult[]): Promise<void> {
    try {
      await this.writeTransaction(groups, results, false);
    } catch (err) {
      if (!isUniqueViolation(err, CLIENT_MSG_KEY)) throw err;
      await this.writeTransaction(groups, results, true);
    }
  }

  /** Results are filled in only once the transaction has committed. */
  private async writeTransaction(groups: ChannelGroups, results: InternalChatResult[], findRepeats: boolean): Promise<void> {
    const outcomes = new Map<number, InternalChatResult>();
    await this.db.transaction(async (tx) => {
      const locked = await this.messages.lockChannels(tx, [...groups.keys()].sort());
      const channels = new Map(locked.map((c) => [c.id, c]));
      const rights = await this.checkRights(tx, groups, channels, outcomes);
      const { edits, authors } = rights;
      const replies = await keepValidReplies(this.messages, tx, rights.news, outcomes);
      const { roots } = replies;
      const news = await checkAttachments(tx, replies.news, outcomes);
      const mentions = await resolveMentions(
        tx,
        news.map((n) => ({ communityId: n.command.communityId, content: n.command.chat.content })),
      );
      news.forEach((n, i) => (n.mentions = mentions[i]));
      if (news.length > 0) await this.insertNew({ tx, channels, authors }, news, roots, outcomes, findRepeats);
      // Edits run in command order, after the batch's new messages, so "modify then delete" means what it says.
      edits.sort((a, b) => a.index - b.index);
      const deletions: Deletion[] = [];
      for (const command of edits) {
        const { result, deletion } = await applyEdit(this.messages, tx, command);
        outcomes.set(command.index, result);
        if (deletion) deletions.push(deletion);
      }
      await this.messages.countDeletionsAboveMarkers(tx, deletions);
    });
    for (const group of groups.values()) for (const command of group) results[command.index] = outcomes.get(command.index)!;
  }

  /** Rights are read under the channel locks, so they hold for the whole write. One query for every author and channel. */
  private async checkRights(
    tx: SqlExecutor,
    groups: ChannelGroups,
    channels: Map<string, LockedChannel>,
    outcomes: Map<number, InternalChatResult>,
  ): Promise<{ news: AllowedNew[]; edits: EditCommand[]; authors: BatchAuthors }> {
    const authors = new BatchAuthors();
    for (const [channelId, group] of groups) {
      if (!channels.has(channelId)) continue;
      for (const c of group) authors.add(channelId, c.userId);
    }
    const rights =
      authors.list.length === 0
        ? []
        : await this.messages.authorRights(
            tx,
            authors.list.map((a) => a.channelId),
            authors.list.map((a) => a.userId),
          );
    for (const right of rights) {
      const author = authors.list[right.ord - 1];
      author.username = right.username;
      author.inCommunity = right.in_community;
      author.inChannel = right.in_channel;
      author.authoredCount = Number(right.last_author_seq);
    }
    const news: AllowedNew[] = [];
    const edits: EditCommand[] = [];
    for (const [channelId, group] of groups) {
      const channel = channels.get(channelId);
      for (const command of group) {
        const author = authors.get(channelId, command.userId);
        if (!channel || !author) {
          outcomes.set(command.index, fail('not_found', 'no such channel'));
        } else if (command.communityId !== channel.community_id) {
          outcomes.set(command.index, fail('not_found', 'no such channel in this community'));
        } else if (!author.inCommunity) {
          outcomes.set(command.index, fail('forbidden', 'not a member of this community'));
        } else if (!author.inChannel) {
          outcomes.set(command.index, fail('forbidden', 'not a member of this channel'));
        } else if (command.chat.chatType === 'new') {
          news.push({ command: command as NewCommand, author });
        } else {
          edits.push(command as EditCommand);
        }
      }
    }
    return { news, edits, authors };
  }

  /**
   * One multi-row INSERT for every channel of the batch, which moves the counters too. It returns
   * only what the database decides (id, created_at): the rest of each Message is already known here,
   * which keeps the result small to transfer and parse.
   */
  private async insertNew(
    batch: BatchTx,
    news: AllowedNew[],
    roots: Map<string, ThreadRootRow>,
    outcomes: Map<number, InternalChatResult>,
    findRepeats: boolean,
  ): Promise<void> {
    const { tx, channels } = batch;
    // First occurrence of each key is written, seqs in command order; later repeats answer with the same message.
    const fresh: AllowedNew[] = [];
    for (const entry of news) {
      const first = entry.author.firstByClientMsgId;
      if (first.has(entry.command.chat.clientMsgId)) continue;
      first.set(entry.command.chat.clientMsgId, entry.command);
      fresh.push(entry);
    }
    const answers = new Map<NewCommand, Message>();
    let inserted: readonly AllowedNew[] = fresh;
    let unmatched = new Set<NewCommand>();
    if (findRepeats) {
      ({ inserted, unmatched } = await this.insertFindingRepeats(batch, fresh, answers));
    } else {
      const plan = planRows(fresh, channels);
      const returned = await this.messages.insertNewAndMoveCounters(tx, [...rowValues(plan), ...counterValues(plan)]);
      this.answerInserted(plan, returned, answers);
    }
    await bindAttachments(
      tx,
      inserted
        .filter((entry) => entry.attachments && answers.has(entry.command))
        .map((entry) => ({
          messageId: answers.get(entry.command)!.id,
          channelId: entry.command.chat.channelId,
          attachments: entry.attachments!,
        })),
    );
    const threads = roots.size === 0 ? undefined : await this.threadUpdates(tx, news, inserted, roots);
    for (const { command, author } of news) {
      const first = author.firstByClientMsgId.get(command.chat.clientMsgId)!;
      if (unmatched.has(first)) {
        outcomes.set(
          command.index,
          fail('validation_failed', 'invalid chat payload: clientMsgId: cannot be matched with what is stored; use another one'),
        );
        continue;
      }
      const result: InternalChatResult = { ok: true, message: answers.get(first)! };
      const thread = command.chat.threadRootId ? threads?.get(command.chat.threadRootId) : undefined;
      if (thread) result.thread = thread;
      outcomes.set(command.index, result);
    }
  }

  /**
   * The summaries of the roots these replies answer: moved by the replies inserted now, and as stored
   * for roots whose replies were all repeats (a retry answers with the thread as it is).
   */
  private async threadUpdates(
    tx: SqlExecutor,
    news: AllowedNew[],
    inserted: readonly AllowedNew[],
    roots: Map<string, ThreadRootRow>,
  ): Promise<Map<string, ThreadUpdate>> {
    const updates = await countInsertedReplies(this.messages, tx, inserted, roots);
    const unmoved = [...new Set(news.map((n) => n.command.chat.threadRootId).filter((id): id is string => !!id && !updates.has(id)))];
    if (unmoved.length > 0) {
      for (const row of await this.messages.threadSummaries(tx, unmoved)) {
        const thread = toThreadSummary(row);
        if (thread) updates.set(row.id, { channelId: row.channel_id, rootId: row.id, thread });
      }
    }
    return updates;
  }

  /**
   * The INSERT for a batch holding repeats of stored messages. Repeats are found by the INSERT
   * itself, on the (channel, author, clientMsgId) unique key: a separate lookup joined on those
   * columns let the planner pick the (channel, author, seq) index instead, which reads every earlier
   * message of that author in that channel per probe (13-22 ms of a 38-50 ms batch at 80k rows,
   * growing with history; measured 2026-11). A repeat answers with the conflicting row, which the INSERT returns
   * instead of inserting; the batch's seqs then have a hole, so the INSERT is undone to a savepoint
   * and made again without the repeats.
   */
  private async insertFindingRepeats(
    batch: BatchTx,
    toInsert: AllowedNew[],
    answers: Map<NewCommand, Message>,
  ): Promise<{ inserted: AllowedNew[]; unmatched: Set<NewCommand> }> {
    const { tx, channels, authors } = batch;
    let fresh = toInsert;
    const unmatched = new Set<NewCommand>();
    const firstOf = (row: { channel_id: string; author_id: string; client_msg_id: string }) =>
      authors.get(row.channel_id, row.author_id)?.firstByClientMsgId.get(row.client_msg_id);
    const repeatIds = new Map<NewCommand, string>();
    while (fresh.length > 0) {
      await this.messages.savepoint(tx, 'chat_insert');
      const plan = planRows(fresh, channels);
      const returned = await this.messages.insertFindingRepeats(tx, rowValues(plan));
      // A stored row's seq is at most its channel's locked last_seq; every new seq is above it.
      const repeats = returned.filter((row) => Number(row.seq) <= Number(channels.get(row.channel_id)!.last_seq));
      if (repeats.length === 0) {
        await this.messages.moveCounters(tx, counterValues(plan));
        this.answerInserted(plan, returned, answers);
        break;
      }
      await this.messages.rollbackToSavepoint(tx, 'chat_insert');
      for (const row of repeats) {
        const first = firstOf(row);
        if (first) {
          repeatIds.set(first, row.id);
          continue;
        }
        // A stored key that no command sent as such (the database stored it altered): it is one of this
        // author's new commands in that channel. Those are refused; the others of the batch go on.
        for (const { command } of fresh) {
          if (command.chat.channelId === row.channel_id && command.userId === row.author_id && !repeatIds.has(command)) unmatched.add(command);
        }
      }
      const before = fresh.length;
      fresh = fresh.filter((entry) => !repeatIds.has(entry.command) && !unmatched.has(entry.command));
      // Each round must shrink `fresh`, or the loop would never end: fail the batch instead.
      if (fresh.length === before) throw new Error('the INSERT reported repeats that match no command of the batch');
    }
    if (repeatIds.size > 0) {
      const stored = await this.messages.storedRepeats(tx, [...repeatIds.values()]);
      for (const row of stored) answers.set(firstOf(row)!, toMessage(row));
    }
    return { inserted: fresh, unmatched };
  }

  private answerInserted(plan: RowPlan, inserted: ReturnedRow[], answers: Map<NewCommand, Message>): void {
    // Every row of a transaction has the same created_at (now() is the transaction's start): format it once.
    let createdTime = NaN;
    let createdAt = '';
    for (const row of inserted) {
      // (channel, seq) is unique: it pairs each returned row with its command whatever the row order.
      const i = rowIndexOf(plan, row.channel_id, Number(row.seq));
      const { command, author } = plan.rows[i];
      if (row.created_at.getTime() !== createdTime) {
        createdTime = row.created_at.getTime();
        createdAt = row.created_at.toISOString();
      }
      answers.set(command, {
        id: row.id,
        communityId: command.communityId,
        channelId: command.chat.channelId,
        seq: plan.seqs[i],
        author: { id: command.userId, username: author.username },
        content: command.chat.content,
        clientMsgId: command.chat.clientMsgId,
        createdAt,
        editedAt: null,
        deletedAt: null,
        ...(command.chat.threadRootId ? { threadRootId: command.chat.threadRootId } : {}),
        ...mentionFields(plan.rows[i].mentions),
        ...(plan.rows[i].attachments ? { attachments: plan.rows[i].attachments } : {}),
      });
    }
  }
}
