import { type ErrorInfo, type InternalChatResult, LIMITS, type ThreadUpdate, type UserSummary } from '@app/shared';
import type { SqlExecutor } from '../database/sql-executor';
import type { AllowedNew } from './batch-plan';
import { toThreadSummary } from './message-row';
import type { MessagesRepository, ThreadRootRow } from './messages.repository';

const refuse = (code: ErrorInfo['code'], message: string): InternalChatResult => ({ ok: false, error: { code, message } });

/**
 * Keeps the new messages whose thread root is a message of their channel that is not itself a reply;
 * the others get their refusal in `outcomes`. Runs under the batch's channel locks, which every
 * writer of those channels takes, so the roots and their summaries cannot move meanwhile.
 */
export async function keepValidReplies(
  messages: MessagesRepository,
  tx: SqlExecutor,
  news: AllowedNew[],
  outcomes: Map<number, InternalChatResult>,
): Promise<{ news: AllowedNew[]; roots: Map<string, ThreadRootRow> }> {
  const rootIds = new Set<string>();
  for (const { command } of news) if (command.chat.threadRootId) rootIds.add(command.chat.threadRootId);
  if (rootIds.size === 0) return { news, roots: new Map() };
  const roots = new Map((await messages.threadRoots(tx, [...rootIds])).map((r) => [r.id, r]));
  const kept = news.filter(({ command }) => {
    const rootId = command.chat.threadRootId;
    if (!rootId) return true;
    const root = roots.get(rootId);
    if (!root || root.channel_id !== command.chat.channelId) {
      outcomes.set(command.index, refuse('not_found', 'no such thread root in this channel'));
      return false;
    }
    if (root.thread_root_id) {
      outcomes.set(command.index, refuse('validation_failed', 'invalid chat payload: threadRootId: a reply cannot start a thread'));
      return false;
    }
    return true;
  });
  return { news: kept, roots };
}

/**
 * Moves each root's summary by the replies this transaction inserted (in seq order): the count up,
 * the last reply time to the transaction's, the newest distinct repliers first. Returns the update
 * each root now has, for the replies' results (the socket app broadcasts it).
 */
export async function countInsertedReplies(
  messages: MessagesRepository,
  tx: SqlExecutor,
  inserted: readonly AllowedNew[],
  roots: Map<string, ThreadRootRow>,
): Promise<Map<string, ThreadUpdate>> {
  const byRoot = new Map<string, { added: number; repliers: UserSummary[] }>();
  for (const { command, author } of inserted) {
    const rootId = command.chat.threadRootId;
    if (!rootId) continue;
    let entry = byRoot.get(rootId);
    if (!entry) byRoot.set(rootId, (entry = { added: 0, repliers: [] }));
    entry.added += 1;
    entry.repliers.unshift({ id: command.userId, username: author.username });
  }
  if (byRoot.size === 0) return new Map();
  const ids: string[] = [];
  const added: number[] = [];
  const participants: string[] = [];
  for (const [rootId, entry] of byRoot) {
    ids.push(rootId);
    added.push(entry.added);
    participants.push(JSON.stringify(latestDistinct([...entry.repliers, ...(roots.get(rootId)!.reply_participants ?? [])])));
  }
  const updated = await messages.addReplies(tx, ids, added, participants);
  return new Map(updated.map((row) => [row.id, { channelId: row.channel_id, rootId: row.id, thread: toThreadSummary(row)! }]));
}

function latestDistinct(users: UserSummary[]): UserSummary[] {
  const seen = new Set<string>();
  return users.filter((u) => !seen.has(u.id) && seen.add(u.id)).slice(0, LIMITS.threadParticipantsShown);
}
