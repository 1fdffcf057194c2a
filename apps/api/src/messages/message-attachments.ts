import type { Attachment, InternalChatResult } from '@app/shared';
import { pgArrayLiteral } from '../database/pg-array-literal';
import type { SqlExecutor } from '../database/sql-executor';
import type { AllowedNew } from './batch-plan';
import { type AttachmentJson, toAttachment } from './message-row';

interface FileRow extends AttachmentJson {
  community_id: string;
  uploader_id: string;
  message_id: string | null;
  attached_channel: string | null;
  attached_author: string | null;
  attached_client_msg_id: string | null;
}

const refuse = (why: string): InternalChatResult => ({
  ok: false,
  error: { code: 'validation_failed', message: `invalid chat payload: attachments: ${why}` },
});

/**
 * Keeps the new messages whose attachments may be attached: the author's own uploads to this
 * community, not attached elsewhere (attached already to this very message is a retry of it). The
 * files are locked for the rest of the transaction, so two messages cannot take the same one. Each
 * kept message gets its attachments, in the order given; the others are answered here.
 */
export async function checkAttachments(tx: SqlExecutor, news: AllowedNew[], outcomes: Map<number, InternalChatResult>): Promise<AllowedNew[]> {
  const ids = [...new Set(news.flatMap((n) => n.command.chat.attachments ?? []).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return news;
  const rows = await tx.query<FileRow>(
    `SELECT f.id, f.name, f.size, f.content_type AS "contentType", f.width, f.height, f.thumbnail_key IS NOT NULL AS thumbnail,
            f.community_id, f.uploader_id, f.message_id,
            msg.channel_id AS attached_channel, msg.author_id AS attached_author, msg.client_msg_id AS attached_client_msg_id
       FROM files f LEFT JOIN messages msg ON msg.id = f.message_id
      WHERE f.id = ANY($1::uuid[]) ORDER BY f.id FOR UPDATE OF f`,
    [pgArrayLiteral(ids)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const taken = new Set<string>();
  const kept: AllowedNew[] = [];
  for (const entry of news) {
    const { command } = entry;
    const wanted = (command.chat.attachments ?? []).map((id) => id.toLowerCase());
    const files = wanted.map((id) => byId.get(id));
    const problem = files.some((f) => !f)
      ? 'no such file'
      : files.some((f) => f!.uploader_id !== command.userId || f!.community_id !== command.communityId)
        ? 'only your own uploads to this community can be attached'
        : files.some(
              (f) =>
                taken.has(f!.id) ||
                (f!.message_id !== null &&
                  !(
                    f!.attached_channel === command.chat.channelId &&
                    f!.attached_author === command.userId &&
                    f!.attached_client_msg_id === command.chat.clientMsgId
                  )),
            )
          ? 'a file is attached to another message already'
          : null;
    if (problem) {
      outcomes.set(command.index, refuse(problem));
      continue;
    }
    wanted.forEach((id) => taken.add(id));
    if (files.length > 0) entry.attachments = files.map((f) => toAttachment(f!));
    kept.push(entry);
  }
  return kept;
}

/** Binds the files of messages just inserted to them (position as given). */
export async function bindAttachments(
  tx: SqlExecutor,
  inserted: { messageId: string; channelId: string; attachments: Attachment[] }[],
): Promise<void> {
  const rows = inserted.flatMap((m) =>
    m.attachments.map((a, position) => ({ file: a.id, message: m.messageId, channel: m.channelId, position })),
  );
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE files f SET message_id = v.message_id, channel_id = v.channel_id, attach_position = v.position
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[]) AS v (file_id, message_id, channel_id, position)
      WHERE f.id = v.file_id AND f.message_id IS NULL`,
    [
      pgArrayLiteral(rows.map((r) => r.file)),
      pgArrayLiteral(rows.map((r) => r.message)),
      pgArrayLiteral(rows.map((r) => r.channel)),
      pgArrayLiteral(rows.map((r) => r.position)),
    ],
  );
}
