import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ErrorInfo, InternalChatResult, Message, NewChatPayload } from '@app/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { classifyDatabaseError, isUniqueViolation } from '../common/postgres-errors';
import { preparedRows } from '../database/prepared-rows';
import { type ValidChatCommand, parseChatCommand } from './chat-command';
import { type Deletion, applyEdit, countDeletionsAboveMarkers } from './message-edit';
import { MESSAGE_COLUMNS, type MessageRow, toMessage } from './message-row';

type NewCommand = ValidChatCommand & { chat: NewChatPayload };
type ChannelGroups = Map<string, ValidChatCommand[]>;

interface LockedChannel {
  id: string;
  community_id: string;
  last_seq: string;
}

interface AuthorRights {
  channel_id: string;
  user_id: string;
  username: string;
  in_community: boolean;
  in_channel: boolean;
  /** The author's latest author_seq in the channel, 0 before their first message. */
  last_author_seq: string;
}

/** What the rights query learnt about each author: names for the answers, author_seqs for the insert. */
interface AuthorFacts {
  usernames: Map<string, string>;
  /** By `channelId\0authorId`. */
  lastAuthorSeq: Map<string, number>;
}

/** A row the INSERT returns: the one it inserted, or for a repeat the stored row it conflicted with. */
interface ReturnedRow {
  id: string;
  channel_id: string;
  seq: string;
  author_id: string;
  client_msg_id: string;
  created_at: Date;
}

/** The idempotency key: one row per (channel, author, clientMsgId). */
const CLIENT_MSG_KEY = 'messages_client_msg_key';
const INSERT_MESSAGES_SELECT = `INSERT INTO messages (community_id, channel_id, seq, author_id, content, client_msg_id, author_seq)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::text[], $6::text[], $7::bigint[])`;
const INSERT_RETURNING = 'RETURNING id, channel_id, seq, author_id, client_msg_id, created_at';
const INSERT_MESSAGES = `${INSERT_MESSAGES_SELECT} ${INSERT_RETURNING}`;

const fail = (code: ErrorInfo['code'], message: string): InternalChatResult => ({ ok: false, error: { code, message } });
const keyOf = (channelId: string, authorId: string, clientMsgId: string) => `${channelId}\u0000${authorId}\u0000${clientMsgId}`;

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

  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
    this.logger.error(`writing ${count} command(s) to ${groups.size} channel(s) failed: ${(err as Error).stack ?? String(err)}`);
    for (const group of groups.values()) for (const command of group) results[command.index] = fail(code, 'the message could not be stored, try again');
  }

  /**
   * Inserts assume every new message is new: finding repeats costs each row a speculative insertion
   * (`ON CONFLICT`), about a sixth of Postgres's time per message. A repeat of a stored message (a
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
      // NO KEY UPDATE: serializes writers of a channel, yet lets inserts referencing it (joins) proceed.
      const locked = await preparedRows<LockedChannel>(
        tx,
        'chat-lock-channels',
        'SELECT id, community_id, last_seq FROM channels WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE',
        [[...groups.keys()].sort()],
      );
      const channels = new Map(locked.map((c) => [c.id, c]));
      const { allowed, authors } = await this.checkRights(tx, groups, channels, outcomes);
      const news = allowed.filter((c): c is NewCommand => c.chat.chatType === 'new');
      if (news.length > 0) await this.insertNew(tx, channels, authors, news, outcomes, findRepeats);
      // Edits run in command order, after the batch's new messages, so "modify then delete" means what it says.
      const edits = allowed.filter((c) => c.chat.chatType !== 'new').sort((a, b) => a.index - b.index);
      const deletions: Deletion[] = [];
      for (const command of edits) {
        if (command.chat.chatType === 'new') continue;
        const { result, deletion } = await applyEdit(tx, command.userId, command.chat);
        outcomes.set(command.index, result);
        if (deletion) deletions.push(deletion);
      }
      await countDeletionsAboveMarkers(tx, deletions);
    });
    for (const group of groups.values()) for (const command of group) results[command.index] = outcomes.get(command.index)!;
  }

  /** Rights are read under the channel locks, so they hold for the whole write. One query for every author and channel. */
  private async checkRights(
    tx: EntityManager,
    groups: ChannelGroups,
    channels: Map<string, LockedChannel>,
    outcomes: Map<number, InternalChatResult>,
  ): Promise<{ allowed: ValidChatCommand[]; authors: AuthorFacts }> {
    const pairs = new Map<string, [string, string]>();
    for (const [channelId, group] of groups) {
      if (!channels.has(channelId)) continue;
      for (const c of group) pairs.set(`${channelId}\u0000${c.userId}`, [channelId, c.userId]);
    }
    const rights =
      pairs.size === 0
        ? []
        : await preparedRows<AuthorRights>(
            tx,
            'chat-author-rights',
            `SELECT p.channel_id, p.user_id, u.username, (cm.user_id IS NOT NULL) AS in_community, (chm.user_id IS NOT NULL) AS in_channel,
                    COALESCE(chm.authored_count, 0) AS last_author_seq
               FROM unnest($1::uuid[], $2::uuid[]) AS p (channel_id, user_id)
               JOIN channels c ON c.id = p.channel_id
               JOIN users u ON u.id = p.user_id
               LEFT JOIN community_members cm ON cm.community_id = c.community_id AND cm.user_id = p.user_id
               LEFT JOIN channel_members chm ON chm.channel_id = p.channel_id AND chm.user_id = p.user_id`,
            [[...pairs.values()].map((p) => p[0]), [...pairs.values()].map((p) => p[1])],
          );
    const byPair = new Map(rights.map((r) => [`${r.channel_id}\u0000${r.user_id}`, r]));
    const authors: AuthorFacts = {
      usernames: new Map(rights.map((r) => [r.user_id, r.username])),
      lastAuthorSeq: new Map(rights.map((r) => [`${r.channel_id}\u0000${r.user_id}`, Number(r.last_author_seq)])),
    };
    const allowed: ValidChatCommand[] = [];
    for (const [channelId, group] of groups) {
      const channel = channels.get(channelId);
      for (const command of group) {
        const right = byPair.get(`${channelId}\u0000${command.userId}`);
        if (!channel) {
          outcomes.set(command.index, fail('not_found', 'no such channel'));
        } else if (command.communityId !== channel.community_id) {
          outcomes.set(command.index, fail('not_found', 'no such channel in this community'));
        } else if (!right?.in_community) {
          outcomes.set(command.index, fail('forbidden', 'not a member of this community'));
        } else if (!right.in_channel) {
          outcomes.set(command.index, fail('forbidden', 'not a member of this channel'));
        } else {
          allowed.push(command);
        }
      }
    }
    return { allowed, authors };
  }

  /**
   * One multi-row INSERT for every channel of the batch. With `findRepeats`, repeats are found by the
   * INSERT itself, on the (channel, author, clientMsgId) unique key: a separate lookup joined on those
   * columns let the planner pick the (channel, author, seq) index instead, which reads every earlier
   * message of that author in that channel per probe (13-22 ms of a 38-50 ms batch at 80k rows,
   * growing with history). A repeat answers with the conflicting row, which the INSERT returns
   * instead of inserting; the batch's seqs then have a hole, so the INSERT is undone to a savepoint
   * and made again without the repeats. The INSERT returns only what the database decides (id,
   * created_at): the rest of each Message is already known here, which keeps the result small.
   */
  private async insertNew(
    tx: EntityManager,
    channels: Map<string, LockedChannel>,
    authors: AuthorFacts,
    news: NewCommand[],
    outcomes: Map<number, InternalChatResult>,
    findRepeats: boolean,
  ): Promise<void> {
    // First occurrence of each key is written, seqs in command order; later repeats answer with the same message.
    const fresh = new Map<string, NewCommand>();
    for (const command of news) {
      const key = keyOf(command.chat.channelId, command.userId, command.chat.clientMsgId);
      if (!fresh.has(key)) fresh.set(key, command);
    }
    const answers = new Map<string, Message>();
    if (findRepeats) {
      await this.insertFindingRepeats(tx, channels, authors, fresh, answers);
    } else {
      const plan = planRows([...fresh.values()], channels, authors);
      const inserted = await preparedRows<ReturnedRow>(tx, 'chat-insert-new-messages', INSERT_MESSAGES, rowValues(plan, channels));
      await this.moveCounters(tx, plan);
      this.answerInserted(plan, inserted, channels, authors, answers);
    }
    for (const command of news) {
      outcomes.set(command.index, { ok: true, message: answers.get(keyOf(command.chat.channelId, command.userId, command.chat.clientMsgId))! });
    }
  }

  private async insertFindingRepeats(
    tx: EntityManager,
    channels: Map<string, LockedChannel>,
    authors: AuthorFacts,
    fresh: Map<string, NewCommand>,
    answers: Map<string, Message>,
  ): Promise<void> {
    const repeatIds = new Map<string, string>();
    while (fresh.size > 0) {
      await tx.query('SAVEPOINT chat_insert');
      const plan = planRows([...fresh.values()], channels, authors);
      const returned = await preparedRows<ReturnedRow>(
        tx,
        'chat-insert-messages',
        `${INSERT_MESSAGES_SELECT} ON CONFLICT ON CONSTRAINT ${CLIENT_MSG_KEY} DO UPDATE SET client_msg_id = EXCLUDED.client_msg_id ${INSERT_RETURNING}`,
        rowValues(plan, channels),
      );
      // A stored row's seq is at most its channel's locked last_seq; every new seq is above it.
      const repeats = returned.filter((row) => Number(row.seq) <= Number(channels.get(row.channel_id)!.last_seq));
      if (repeats.length === 0) {
        await this.moveCounters(tx, plan);
        this.answerInserted(plan, returned, channels, authors, answers);
        break;
      }
      await tx.query('ROLLBACK TO SAVEPOINT chat_insert');
      const before = fresh.size;
      for (const row of repeats) {
        const key = keyOf(row.channel_id, row.author_id, row.client_msg_id);
        repeatIds.set(key, row.id);
        fresh.delete(key);
      }
      // Each round must shrink `fresh`, or the loop would never end: fail the batch instead.
      if (fresh.size === before) throw new Error('the INSERT reported repeats that match no command of the batch');
    }
    if (repeatIds.size > 0) {
      const stored = await preparedRows<MessageRow>(
        tx,
        'chat-stored-repeats',
        `SELECT ${MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.author_id WHERE m.id = ANY($1::uuid[])`,
        [[...repeatIds.values()]],
      );
      for (const row of stored) answers.set(keyOf(row.channel_id, row.author_id, row.client_msg_id), toMessage(row));
    }
  }

  /** One round trip moves both counters the batch advanced: each channel's last_seq and each author's authored_count. */
  private async moveCounters(tx: EntityManager, plan: RowPlan): Promise<void> {
    await preparedRows(
      tx,
      'chat-move-counters',
      `WITH channel_seqs AS (
         UPDATE channels c SET last_seq = v.last_seq FROM unnest($1::uuid[], $2::bigint[]) AS v (id, last_seq) WHERE c.id = v.id RETURNING 1)
       UPDATE channel_members chm SET authored_count = v.authored_count
         FROM unnest($3::uuid[], $4::uuid[], $5::bigint[]) AS v (channel_id, user_id, authored_count)
        WHERE chm.channel_id = v.channel_id AND chm.user_id = v.user_id`,
      [
        [...plan.lastSeq.keys()],
        [...plan.lastSeq.values()],
        [...plan.authored.values()].map((a) => a.channelId),
        [...plan.authored.values()].map((a) => a.userId),
        [...plan.authored.values()].map((a) => a.count),
      ],
    );
  }

  private answerInserted(plan: RowPlan, inserted: ReturnedRow[], channels: Map<string, LockedChannel>, authors: AuthorFacts, answers: Map<string, Message>): void {
    // (channel, seq) is unique: it pairs each returned row with its command whatever the row order.
    const bySeq = new Map(inserted.map((row) => [`${row.channel_id}\u0000${row.seq}`, row]));
    plan.rows.forEach((command, i) => {
      const row = bySeq.get(`${command.chat.channelId}\u0000${plan.seqs[i]}`)!;
      answers.set(keyOf(command.chat.channelId, command.userId, command.chat.clientMsgId), {
        id: row.id,
        communityId: channels.get(command.chat.channelId)!.community_id,
        channelId: command.chat.channelId,
        seq: plan.seqs[i],
        author: { id: command.userId, username: authors.usernames.get(command.userId)! },
        content: command.chat.content,
        clientMsgId: command.chat.clientMsgId,
        createdAt: row.created_at.toISOString(),
        editedAt: null,
        deletedAt: null,
      });
    });
  }
}

interface RowPlan {
  rows: NewCommand[];
  seqs: number[];
  authorSeqs: number[];
  /** Each channel's last_seq once the rows are in. */
  lastSeq: Map<string, number>;
  /** Each (channel, author)'s authored_count once the rows are in. */
  authored: Map<string, { channelId: string; userId: string; count: number }>;
}

/** Seqs in command order, contiguous from each channel's locked last_seq; author_seqs the same way per (channel, author). */
function planRows(rows: NewCommand[], channels: Map<string, LockedChannel>, authors: AuthorFacts): RowPlan {
  const lastSeq = new Map<string, number>();
  const authored = new Map<string, { channelId: string; userId: string; count: number }>();
  const seqs: number[] = [];
  const authorSeqs: number[] = [];
  for (const c of rows) {
    const seq = (lastSeq.get(c.chat.channelId) ?? Number(channels.get(c.chat.channelId)!.last_seq)) + 1;
    lastSeq.set(c.chat.channelId, seq);
    seqs.push(seq);
    const pair = `${c.chat.channelId}\u0000${c.userId}`;
    const authorSeq = (authored.get(pair)?.count ?? authors.lastAuthorSeq.get(pair) ?? 0) + 1;
    authored.set(pair, { channelId: c.chat.channelId, userId: c.userId, count: authorSeq });
    authorSeqs.push(authorSeq);
  }
  return { rows, seqs, authorSeqs, lastSeq, authored };
}

/** The INSERT's parameters, one array per column. */
function rowValues(plan: RowPlan, channels: Map<string, LockedChannel>): unknown[] {
  return [
    plan.rows.map((c) => channels.get(c.chat.channelId)!.community_id),
    plan.rows.map((c) => c.chat.channelId),
    plan.seqs,
    plan.rows.map((c) => c.userId),
    plan.rows.map((c) => c.chat.content),
    plan.rows.map((c) => c.chat.clientMsgId),
    plan.authorSeqs,
  ];
}
