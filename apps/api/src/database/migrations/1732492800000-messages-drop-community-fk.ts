import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `messages.community_id` is the community of the message's channel, copied for the socket app and
 * for queries. Its own foreign key checked (and key-share locked) the community row on every
 * inserted message, work that proves nothing new: the writer takes the community from the locked
 * channel row, and the channel's foreign key, with ON DELETE CASCADE from communities to channels
 * to messages, already keeps a message from outliving its community. About a tenth of Postgres's
 * time per stored message in a pgbench replay of the writer's batch (docs/PERFORMANCE.md).
 */
export class MessagesDropCommunityFk1732492800000 implements MigrationInterface {
  name = 'MessagesDropCommunityFk1732492800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE messages DROP CONSTRAINT messages_community_id_fkey`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE messages ADD CONSTRAINT messages_community_id_fkey FOREIGN KEY (community_id) REFERENCES communities (id) ON DELETE CASCADE`,
    );
  }
}
