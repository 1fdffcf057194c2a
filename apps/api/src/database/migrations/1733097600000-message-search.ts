import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over messages: a GIN index on the `simple` text-search vector of the content.
 * `simple` lower-cases and splits on non-letters without stemming or stop words, so every language
 * (Korean as much as English) is searched by its words, and prefixes (`deplo:*`) find word starts.
 * An expression index rather than a stored column: no table rewrite, nothing more in each row.
 * GIN's pending list (fastupdate, the default) keeps the insert cost low: new entries are merged
 * into the tree in bulk by autovacuum. Deleted messages are stored empty, so they have no entries.
 * No trigram index (pg_trgm): it would find word middles too, at about twice the insert cost; prefix
 * matches cover the common case (a word typed halfway).
 *
 * Hits come newest first. A rare word is found through GIN and its few rows sorted; a word most
 * messages have would sort them all (200k rows: 85 ms), so a (community, time) index lets the
 * planner walk the community's messages newest first instead and stop at the page's end.
 */
export class MessageSearch1733097600000 implements MigrationInterface {
  name = 'MessageSearch1733097600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX messages_search_idx ON messages USING gin (to_tsvector('simple', content))`);
    await queryRunner.query(`CREATE INDEX messages_community_created_idx ON messages (community_id, created_at DESC, seq DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX messages_community_created_idx`);
    await queryRunner.query(`DROP INDEX messages_search_idx`);
  }
}
