import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Direct conversations are channels of kind `dm`: private, members only, never listed, with the same
 * seqs, history, markers and unread as any channel. `dm_key` (the members' ids, sorted) is unique per
 * community, so opening the same conversation twice finds the first. A DM has no name (empty): the
 * unique channel names become a partial unique index over channels only, under the constraint's old
 * name, which the API maps to `409 conflict`.
 *
 * Each community also gets a default channel that new members join: an existing channel named
 * `town-square` or `general` becomes it, otherwise `town-square` is made with every current member in
 * it (a new channel has no messages, so the membership counters start at 0). Not `general`: that is
 * the name people (and v1 clients' scripts) most often give a channel they create themselves, and a
 * default under it would make their create answer 409.
 */
export class DirectConversations1732924800000 implements MigrationInterface {
  name = 'DirectConversations1732924800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE channels
        ADD COLUMN kind varchar(8) NOT NULL DEFAULT 'channel' CHECK (kind IN ('channel', 'dm')),
        ADD COLUMN dm_key text,
        ADD CONSTRAINT channels_dm_shape_check CHECK ((kind = 'dm') = (dm_key IS NOT NULL) AND (kind <> 'dm' OR is_private))`);
    await queryRunner.query(`ALTER TABLE channels DROP CONSTRAINT channels_community_name_key`);
    await queryRunner.query(`CREATE UNIQUE INDEX channels_community_name_key ON channels (community_id, name) WHERE kind = 'channel'`);
    await queryRunner.query(`CREATE UNIQUE INDEX channels_community_dm_key_idx ON channels (community_id, dm_key) WHERE dm_key IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE communities ADD COLUMN default_channel_id uuid REFERENCES channels (id) ON DELETE SET NULL`);
    await queryRunner.query(`
      UPDATE communities co SET default_channel_id = (
        SELECT c.id FROM channels c WHERE c.community_id = co.id AND c.name IN ('town-square', 'general')
         ORDER BY c.name = 'town-square' DESC LIMIT 1)`);
    await queryRunner.query(`
      WITH created AS (
        INSERT INTO channels (community_id, name)
        SELECT id, 'town-square' FROM communities WHERE default_channel_id IS NULL
        RETURNING id, community_id),
      defaults AS (
        UPDATE communities co SET default_channel_id = created.id FROM created WHERE co.id = created.community_id)
      INSERT INTO channel_members (channel_id, user_id)
      SELECT created.id, cm.user_id FROM created JOIN community_members cm ON cm.community_id = created.community_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE communities DROP COLUMN default_channel_id`);
    await queryRunner.query(`DELETE FROM channels WHERE kind = 'dm'`);
    await queryRunner.query(`DROP INDEX channels_community_dm_key_idx`);
    await queryRunner.query(`DROP INDEX channels_community_name_key`);
    await queryRunner.query(`ALTER TABLE channels ADD CONSTRAINT channels_community_name_key UNIQUE (community_id, name)`);
    await queryRunner.query(`ALTER TABLE channels DROP CONSTRAINT channels_dm_shape_check, DROP COLUMN dm_key, DROP COLUMN kind`);
  }
}
