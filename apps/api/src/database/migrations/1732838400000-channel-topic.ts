import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A topic per channel, set by its members; empty when none. A constant default: no table rewrite. */
export class ChannelTopic1732838400000 implements MigrationInterface {
  name = 'ChannelTopic1732838400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE channels ADD COLUMN topic text NOT NULL DEFAULT ''`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE channels DROP COLUMN topic`);
  }
}
