import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Threads. A reply is a message of its channel (next contiguous seq, so gap detection and unread
 * counts hold unchanged) that names its root in `thread_root_id`. The root keeps its thread's
 * summary in its own row, so history pages read it with no join; the writer moves it under the
 * channel's lock, which every write to the channel takes, so concurrent replies and deletes count
 * exactly.
 * No foreign key on thread_root_id: the writer checks the root under that lock, messages are never
 * removed, and an RI trigger per inserted row would cost every message (the community FK was dropped
 * for the same reason).
 * The added columns have constant defaults: no table rewrite, however many messages are stored.
 */
export class MessageThreads1732665600000 implements MigrationInterface {
  name = 'MessageThreads1732665600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE messages
        ADD COLUMN thread_root_id uuid,
        ADD COLUMN reply_count integer NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
        ADD COLUMN last_reply_at timestamptz,
        ADD COLUMN reply_participants jsonb`);
    // Thread history pages: a thread's replies in seq order. Partial, so plain messages pay nothing.
    await queryRunner.query(`CREATE INDEX messages_thread_seq_idx ON messages (thread_root_id, seq) WHERE thread_root_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS messages_thread_seq_idx`);
    await queryRunner.query(
      `ALTER TABLE messages DROP COLUMN thread_root_id, DROP COLUMN reply_count, DROP COLUMN last_reply_at, DROP COLUMN reply_participants`,
    );
  }
}
