/**
 * SQL for the unread count of a membership: messages above the marker, not deleted, not the reader's.
 * Seqs are contiguous, so everything above the marker is `last_seq - last_read_seq` messages. The
 * reader's own messages above it come from the membership's counters (`authored_count -
 * read_author_seq`, see the channel-member-counters migration), and so do the deleted ones of others
 * (`deleted_above_marker`, see the channel-member-deleted-above-marker migration). Arithmetic on
 * two rows: the cost does not grow with channel size, backlog or deletions. The arguments are SQL
 * aliases, never user input.
 */
export function unreadCountSql(aliases: { channel: string; member: string }): string {
  const { channel: c, member: chm } = aliases;
  return `GREATEST(0, (${c}.last_seq - ${chm}.last_read_seq)
    - (${chm}.authored_count - ${chm}.read_author_seq) - ${chm}.deleted_above_marker)`;
}

/**
 * SQL for a member's latest author_seq in a channel (0 before their first message), optionally
 * among their messages at or below a seq: what `authored_count` and `read_author_seq` hold. One
 * probe of messages_channel_author_seq_v2_idx. The arguments are SQL expressions, never user input.
 */
export function latestAuthorSeqSql(where: { channelId: string; authorId: string; atOrBelowSeq?: string }): string {
  const bound = where.atOrBelowSeq ? ` AND own.seq <= ${where.atOrBelowSeq}` : '';
  return `COALESCE((SELECT own.author_seq FROM messages own
                     WHERE own.channel_id = ${where.channelId} AND own.author_id = ${where.authorId}${bound}
                     ORDER BY own.seq DESC LIMIT 1), 0)`;
}

/**
 * SQL for the deleted messages of others than a member in a channel above a seq, optionally at or
 * below another: what `deleted_above_marker` holds, or what a marker move passes. A range of the
 * small partial messages_channel_deleted_seq_idx. The arguments are SQL expressions, never user input.
 */
export function deletedOfOthersSql(where: { channelId: string; memberId: string; aboveSeq: string; atOrBelowSeq?: string }): string {
  const bound = where.atOrBelowSeq ? ` AND del.seq <= ${where.atOrBelowSeq}` : '';
  return `(SELECT count(*) FROM messages del
            WHERE del.channel_id = ${where.channelId} AND del.deleted_at IS NOT NULL
              AND del.seq > ${where.aboveSeq}${bound} AND del.author_id <> ${where.memberId})`;
}

/**
 * SQL for the mention count of a membership: unread messages (above the marker, not deleted, not the
 * reader's) that name the reader or the whole channel; in a direct conversation every unread message
 * is one. A range of the partial messages_channel_mention_seq_idx above the marker, which holds only
 * messages that mention someone (its predicate is repeated word for word so the planner can use it).
 * The arguments are SQL aliases, never user input.
 */
export function mentionCountSql(aliases: { channel: string; member: string }): string {
  const { channel: c, member: chm } = aliases;
  return `CASE WHEN ${c}.kind = 'dm' THEN ${unreadCountSql(aliases)} ELSE
    (SELECT count(*) FROM messages mm
      WHERE mm.channel_id = ${c}.id AND mm.seq > ${chm}.last_read_seq
        AND (mm.mentions_all OR mm.mentioned_user_ids IS NOT NULL)
        AND (mm.mentions_all OR ${chm}.user_id = ANY (mm.mentioned_user_ids))
        AND mm.deleted_at IS NULL AND mm.author_id <> ${chm}.user_id) END`;
}
