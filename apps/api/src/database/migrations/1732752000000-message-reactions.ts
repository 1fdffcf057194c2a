import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reactions: one row per (message, emoji, user), so adding twice is one reaction. `channel_id` is
 * kept for authorization checks and cleanup by channel. No foreign keys to messages or users for
 * the same reason as elsewhere (messages are never removed; the API checks both before writing).
 */
export class MessageReactions1732752000000 implements MigrationInterface {
  name = 'MessageReactions1732752000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE message_reactions (
        message_id uuid NOT NULL,
        emoji text NOT NULL,
        user_id uuid NOT NULL,
        channel_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, emoji, user_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS message_reactions`);
  }
}
