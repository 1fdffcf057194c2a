import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded files. A file belongs to its uploader until a message of theirs attaches it (message_id
 * and channel_id set, in the writer's transaction); then it is read with that message's rights.
 * Unattached files older than a day are removed (files-cleanup.service.ts), through the partial
 * index. No foreign key to messages, as for the other message columns (the writer's hot path).
 */
export class Files1733184000000 implements MigrationInterface {
  name = 'Files1733184000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        community_id uuid NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
        uploader_id uuid NOT NULL REFERENCES users (id),
        name varchar(255) NOT NULL,
        content_type varchar(127) NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        width int,
        height int,
        storage_key text NOT NULL,
        thumbnail_key text,
        message_id uuid,
        channel_id uuid,
        attach_position smallint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX files_message_idx ON files (message_id) WHERE message_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX files_unattached_idx ON files (created_at) WHERE message_id IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE files`);
  }
}
