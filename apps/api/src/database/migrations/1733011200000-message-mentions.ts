import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who a message mentions, found by the writer: `mentioned_user_ids` (community members named as
 * `@username`, null when none) and `mentions_all` (`@channel` / `@here`). Nullable and a constant
 * default: no table rewrite. Mention counts read the partial index, which holds only the messages
 * that mention someone, so a count stays a short range scan above the reader's marker however long
 * the channel is.
 */
export class MessageMentions1733011200000 implements MigrationInterface {
  name = 'MessageMentions1733011200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE messages
        ADD COLUMN mentioned_user_ids uuid[],
        ADD COLUMN mentions_all boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE INDEX messages_channel_mention_seq_idx ON messages (channel_id, seq)
       WHERE mentions_all OR mentioned_user_ids IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX messages_channel_mention_seq_idx`);
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN mentions_all, DROP COLUMN mentioned_user_ids`);
  }
}
