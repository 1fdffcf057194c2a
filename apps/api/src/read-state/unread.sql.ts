/**
 * SQL for the unread count of a channel: messages above the marker, not deleted, not the reader's.
 * Seqs are contiguous, so everything above the marker is `last_seq - marker` messages. The reader's
 * own messages above it are the difference of two author_seqs (the reader's latest one, and the
 * latest one at or below the marker), each a single probe of messages_channel_author_seq_v2_idx;
 * only deleted messages are counted, through the small partial messages_channel_deleted_seq_idx.
 * So the cost does not grow with channel size nor with the backlog. The arguments are SQL
 * expressions, never user input.
 */
export function unreadCountSql(channel: { id: string; lastSeq: string }, marker: string, readerId: string): string {
  const latestOwn = (bound: string) => `COALESCE((SELECT own.author_seq FROM messages own
        WHERE own.channel_id = ${channel.id} AND own.author_id = ${readerId}${bound}
        ORDER BY own.seq DESC LIMIT 1), 0)`;
  return `GREATEST(0, (${channel.lastSeq} - ${marker})
    - (${latestOwn('')} - ${latestOwn(` AND own.seq <= ${marker}`)})
    - (SELECT count(*) FROM messages del
        WHERE del.channel_id = ${channel.id} AND del.deleted_at IS NOT NULL
          AND del.seq > ${marker} AND del.author_id <> ${readerId}))`;
}
