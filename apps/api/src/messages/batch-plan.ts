import type { Attachment, NewChatPayload } from '@app/shared';
import { pgArrayLiteral } from '../database/pg-array-literal';
import type { ValidChatCommand } from './chat-command';
import type { ResolvedMentions } from './mention-resolver';

export type NewCommand = ValidChatCommand & { chat: NewChatPayload };

export interface LockedChannel {
  id: string;
  community_id: string;
  last_seq: string;
}

/**
 * One author in one channel of a batch: what the rights query learnt about them, and their new
 * messages by clientMsgId. Commands reach it by object, so the batch's bookkeeping builds no
 * composite string keys (at a few hundred commands per batch, those were a sixth of the API's time, measured
 * 2026-11).
 */
export interface AuthorSlot {
  channelId: string;
  userId: string;
  username: string;
  inCommunity: boolean;
  inChannel: boolean;
  /** The author's latest author_seq in the channel as stored, 0 before their first message. */
  authoredCount: number;
  /** The first new command of each clientMsgId: later ones in the batch answer with its message. */
  firstByClientMsgId: Map<string, NewCommand>;
}

/** The authors of a batch, by channel then user. */
export class BatchAuthors {
  readonly list: AuthorSlot[] = [];
  private readonly byChannel = new Map<string, Map<string, AuthorSlot>>();

  add(channelId: string, userId: string): void {
    let users = this.byChannel.get(channelId);
    if (!users) this.byChannel.set(channelId, (users = new Map()));
    if (users.has(userId)) return;
    const slot: AuthorSlot = {
      channelId,
      userId,
      username: '',
      inCommunity: false,
      inChannel: false,
      authoredCount: 0,
      firstByClientMsgId: new Map(),
    };
    users.set(userId, slot);
    this.list.push(slot);
  }

  get(channelId: string, userId: string): AuthorSlot | undefined {
    return this.byChannel.get(channelId)?.get(userId);
  }
}

/** A new command that passed the rights check, with its author's slot. */
export interface AllowedNew {
  command: NewCommand;
  author: AuthorSlot;
  /** Who its content mentions, once resolved (see mention-resolver.ts); absent: nobody. */
  mentions?: ResolvedMentions;
  /** Its files, once checked (see message-attachments.ts); absent: none. */
  attachments?: Attachment[];
}

export interface RowPlan {
  rows: AllowedNew[];
  seqs: number[];
  authorSeqs: number[];
  /** Each author's authored_count once the rows are in. */
  authored: Map<AuthorSlot, number>;
  /** Index in `rows` of each channel's rows, by seq minus the channel's first new seq; the last is its new last_seq. */
  rowsBySeq: Map<string, { firstSeq: number; rows: number[] }>;
}

/** Seqs in command order, contiguous from each channel's locked last_seq; author_seqs the same way per author. */
export function planRows(rows: AllowedNew[], channels: Map<string, LockedChannel>): RowPlan {
  const plan: RowPlan = { rows, seqs: [], authorSeqs: [], authored: new Map(), rowsBySeq: new Map() };
  rows.forEach(({ command, author }, i) => {
    const channelId = command.chat.channelId;
    let inChannel = plan.rowsBySeq.get(channelId);
    if (!inChannel) plan.rowsBySeq.set(channelId, (inChannel = { firstSeq: Number(channels.get(channelId)!.last_seq) + 1, rows: [] }));
    const seq = inChannel.firstSeq + inChannel.rows.length;
    inChannel.rows.push(i);
    plan.seqs.push(seq);
    const authorSeq = (plan.authored.get(author) ?? author.authoredCount) + 1;
    plan.authored.set(author, authorSeq);
    plan.authorSeqs.push(authorSeq);
  });
  return plan;
}

/** The index in `plan.rows` of the row stored at (channel, seq). */
export function rowIndexOf(plan: RowPlan, channelId: string, seq: number): number {
  const inChannel = plan.rowsBySeq.get(channelId)!;
  return inChannel.rows[seq - inChannel.firstSeq];
}

/** The INSERT's parameters, one array per column (see batch-sql.ts). */
export function rowValues(plan: RowPlan): unknown[] {
  return [
    // The rights check let only commands whose community is their channel's through.
    pgArrayLiteral(plan.rows.map((r) => r.command.communityId)),
    pgArrayLiteral(plan.rows.map((r) => r.command.chat.channelId)),
    pgArrayLiteral(plan.seqs),
    pgArrayLiteral(plan.rows.map((r) => r.command.userId)),
    plan.rows.map((r) => r.command.chat.content),
    plan.rows.map((r) => r.command.chat.clientMsgId),
    pgArrayLiteral(plan.authorSeqs),
    pgArrayLiteral(plan.rows.map((r) => r.command.chat.threadRootId ?? 'NULL')),
    plan.rows.map((r) => (r.mentions && r.mentions.userIds.length > 0 ? pgArrayLiteral(r.mentions.userIds) : null)),
    pgArrayLiteral(plan.rows.map((r) => (r.mentions?.channelWide ? 't' : 'f'))),
  ];
}

/** The counters' parameters: each channel's new last_seq, each author's new authored_count. */
export function counterValues(plan: RowPlan): unknown[] {
  const authored = [...plan.authored];
  const channels = [...plan.rowsBySeq];
  return [
    pgArrayLiteral(channels.map(([channelId]) => channelId)),
    pgArrayLiteral(channels.map(([, inChannel]) => inChannel.firstSeq + inChannel.rows.length - 1)),
    pgArrayLiteral(authored.map(([author]) => author.channelId)),
    pgArrayLiteral(authored.map(([author]) => author.userId)),
    pgArrayLiteral(authored.map(([, count]) => count)),
  ];
}
