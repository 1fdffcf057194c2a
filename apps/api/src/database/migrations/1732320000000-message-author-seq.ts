import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `author_seq`: the position of a message among its author's messages in its channel (1, 2, 3...).
 * A reader's own messages above a read marker are then a difference of two author_seqs, each one
 * index probe, instead of a count that grows with the number of such messages: unread counts stay
 * flat however large channels and backlogs grow. Assigned by the message writer under the channel
 * lock, like `seq`.
 */
export class MessageAuthorSeq1732320000000 implements MigrationInterface {
  name = 'MessageAuthorSeq1732320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages ADD COLUMN author_seq bigint`);
    await queryRunner.query(`
      UPDATE messages m SET author_seq = o.author_seq
        FROM (SELECT id, row_number() OVER (PARTITION BY channel_id, author_id ORDER BY seq) AS author_seq FROM messages) o
       WHERE m.id = o.id`);
    await queryRunner.query(
      `ALTER TABLE messages ALTER COLUMN author_seq SET NOT NULL, ADD CONSTRAINT messages_author_seq_check CHECK (author_seq > 0)`,
    );
    // Replaces (channel_id, author_id, seq): same lookups, and the author_seq comes from the index alone.
    await queryRunner.query(`CREATE INDEX messages_channel_author_seq_v2_idx ON messages (channel_id, author_id, seq) INCLUDE (author_seq)`);
    await queryRunner.query(`DROP INDEX messages_channel_author_seq_idx`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX messages_channel_author_seq_idx ON messages (channel_id, author_id, seq)`);
    await queryRunner.query(`DROP INDEX messages_channel_author_seq_v2_idx`);
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN author_seq`);
  }
}
