import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole v1 schema. Hand-written so that constraint names are stable: the API maps
 * `channels_community_name_key` violations to `409 conflict`.
 */
export class InitialSchema1732233600000 implements MigrationInterface {
  name = 'InitialSchema1732233600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_username_key UNIQUE (username)
      )`);
    await queryRunner.query(`
      CREATE TABLE communities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(80) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE community_members (
        community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role varchar(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (community_id, user_id)
      )`);
    // "My communities" (GET /api/me) starts from the user.
    await queryRunner.query(`CREATE INDEX community_members_user_idx ON community_members (user_id)`);
    await queryRunner.query(`
      CREATE TABLE channels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
        name varchar(80) NOT NULL,
        is_private boolean NOT NULL DEFAULT false,
        last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT channels_community_name_key UNIQUE (community_id, name)
      )`);
    await queryRunner.query(`
      CREATE TABLE channel_members (
        channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        last_read_seq bigint NOT NULL DEFAULT 0 CHECK (last_read_seq >= 0),
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (channel_id, user_id)
      )`);
    // Unread counts for all of a user's channels start from the user.
    await queryRunner.query(`CREATE INDEX channel_members_user_idx ON channel_members (user_id)`);
    await queryRunner.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
        seq bigint NOT NULL CHECK (seq > 0),
        author_id uuid NOT NULL REFERENCES users (id),
        content text NOT NULL,
        client_msg_id varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        CONSTRAINT messages_channel_seq_key UNIQUE (channel_id, seq),
        CONSTRAINT messages_client_msg_key UNIQUE (channel_id, author_id, client_msg_id)
      )`);
    // History pages use messages_channel_seq_key. Unread = (last_seq - marker) minus the caller's own
    // and the deleted messages above the marker; these two indexes make both counts index-only.
    await queryRunner.query(`CREATE INDEX messages_channel_author_seq_idx ON messages (channel_id, author_id, seq)`);
    await queryRunner.query(
      `CREATE INDEX messages_channel_deleted_seq_idx ON messages (channel_id, seq, author_id) WHERE deleted_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS messages`);
    await queryRunner.query(`DROP TABLE IF EXISTS channel_members`);
    await queryRunner.query(`DROP TABLE IF EXISTS channels`);
    await queryRunner.query(`DROP TABLE IF EXISTS community_members`);
    await queryRunner.query(`DROP TABLE IF EXISTS communities`);
    await queryRunner.query(`DROP TABLE IF EXISTS users`);
  }
}
