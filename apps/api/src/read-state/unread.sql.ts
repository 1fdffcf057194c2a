/**
 * SQL for the unread count of a membership: messages above the marker, not deleted, not the reader's.
 * Seqs are contiguous, so everything above the marker is `last_seq - last_read_seq` messages. The
 * reader's own messages above it come from the membership's counters (`authored_count -
 * read_author_seq`, see the channel-member-counters migration), so they cost no lookup at all. Only
 * deleted messages are counted, through the small partial messages_channel_deleted_seq_idx. The
 * cost does not grow with channel size nor with the backlog. The arguments are SQL aliases and
 * parameters, never user input.
 */
export function unreadCountSql(aliases: { channel: string; member: string; readerId: string }): string {
  const { channel: c, member: chm, readerId } = aliases;
  return `GREATEST(0, (${c}.last_seq - ${chm}.last_read_seq)
    - (${chm}.authored_count - ${chm}.read_author_seq)
    - (SELECT count(*) FROM messages del
        WHERE del.channel_id = ${c}.id AND del.deleted_at IS NOT NULL
          AND del.seq > ${chm}.last_read_seq AND del.author_id <> ${readerId}))`;
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
