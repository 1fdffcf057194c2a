/**
 * SQL for the unread count of a channel: messages above the marker, not deleted, not the reader's.
 * Seqs are contiguous, so everything above the marker is `last_seq - marker` messages; only the
 * reader's own and the deleted ones are counted, through two index-only scans
 * (messages_channel_author_seq_idx and the partial messages_channel_deleted_seq_idx), which stays
 * cheap however large the channel grows. The arguments are SQL expressions, never user input.
 */
export function unreadCountSql(channel: { id: string; lastSeq: string }, marker: string, readerId: string): string {
  return `GREATEST(0, (${channel.lastSeq} - ${marker})
    - (SELECT count(*) FROM messages own
        WHERE own.channel_id = ${channel.id} AND own.author_id = ${readerId} AND own.seq > ${marker})
    - (SELECT count(*) FROM messages del
        WHERE del.channel_id = ${channel.id} AND del.deleted_at IS NOT NULL
          AND del.seq > ${marker} AND del.author_id <> ${readerId}))`;
}
