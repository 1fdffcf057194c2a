import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '../src/database/data-source';
import { API_MIGRATIONS } from '../src/database/migrations';
import { testDatabaseUrl } from './support/test-api-config';

/** Columns, constraints and indexes of the public schema, as comparable text. */
async function schemaOf(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ line: string }>(`
      SELECT format('column %s.%s %s %s %s', table_name, column_name, data_type, is_nullable, column_default) AS line
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'
      UNION ALL
      SELECT format('constraint %s %s', conname, pg_get_constraintdef(con.oid)) FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
       WHERE con.connamespace = 'public'::regnamespace AND rel.relname <> 'typeorm_migrations'
      UNION ALL
      SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations'
      UNION ALL
      SELECT format('options %s %s', relname, reloptions) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND reloptions IS NOT NULL
      ORDER BY 1`);
    return rows.map((r) => r.line);
  } finally {
    await client.end();
  }
}

/** Every migration's `down` undoes its `up`: a deploy can be rolled back one step at a time. */
describe('migrations', () => {
  const admin = new URL(testDatabaseUrl());
  const name = `chat_migrations_${randomUUID().slice(0, 8)}`;
  const scratch = new URL(testDatabaseUrl());
  scratch.pathname = `/${name}`;
  admin.pathname = '/postgres';

  async function onAdmin(sql: string): Promise<void> {
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  }

  beforeAll(() => onAdmin(`CREATE DATABASE "${name}"`));
  afterAll(() => onAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it('go down one by one through the schemas they came up through, and back up', async () => {
    // Up one migration at a time, recording the schema after each.
    const schemas: string[][] = [await schemaOf(scratch.toString())];
    for (let k = 1; k <= API_MIGRATIONS.length; k++) {
      const upTo = new DataSource({ ...createDataSourceOptions(scratch.toString()), migrations: API_MIGRATIONS.slice(0, k) });
      await upTo.initialize();
      try {
        expect(await upTo.runMigrations({ transaction: 'each' })).toHaveLength(1);
      } finally {
        await upTo.destroy();
      }
      schemas.push(await schemaOf(scratch.toString()));
    }
    expect(schemas[0]).toEqual([]);
    const latest = schemas[API_MIGRATIONS.length];
    expect(latest).toContain('column channel_members.authored_count bigint NO 0');
    expect(latest.some((line) => line.startsWith('constraint messages_community_id_fkey'))).toBe(false);

    const db = new DataSource(createDataSourceOptions(scratch.toString()));
    await db.initialize();
    try {
      for (let k = API_MIGRATIONS.length; k > 0; k--) {
        await db.undoLastMigration({ transaction: 'each' });
        expect(await schemaOf(scratch.toString())).toEqual(schemas[k - 1]);
      }
      expect(await db.runMigrations({ transaction: 'each' })).toHaveLength(API_MIGRATIONS.length);
      expect(await schemaOf(scratch.toString())).toEqual(latest);
    } finally {
      await db.destroy();
    }
  });

  it('fill deleted_above_marker from the stored messages when they add it', async () => {
    const last = API_MIGRATIONS.findIndex((m) => m.name === 'ChannelMemberDeletedAboveMarker1732579200000');
    expect(last).toBeGreaterThan(0);
    const filled = new URL(scratch.toString());
    filled.pathname = `${scratch.pathname}_filled`;
    await onAdmin(`CREATE DATABASE "${filled.pathname.slice(1)}"`);
    const before = new DataSource({ ...createDataSourceOptions(filled.toString()), migrations: API_MIGRATIONS.slice(0, last) });
    await before.initialize();
    try {
      expect(await before.runMigrations({ transaction: 'each' })).toHaveLength(last);
    } finally {
      await before.destroy();
    }
    const client = new Client({ connectionString: filled.toString() });
    await client.connect();
    try {
      // Reader a (marker 1), author b (marker 0), c (marker 4, read all). Messages: 1 b deleted,
      // 2 b deleted, 3 a deleted, 4 b. Deleted of others above the marker: a 1 (2), b 1 (3), c 0.
      await client.query(`
        WITH u AS (INSERT INTO users (username) VALUES ('a'), ('b'), ('c') RETURNING id, username),
             co AS (INSERT INTO communities (name) VALUES ('backfill') RETURNING id),
             ch AS (INSERT INTO channels (community_id, name, last_seq) SELECT id, 'general', 4 FROM co RETURNING id, community_id),
             mem AS (INSERT INTO channel_members (channel_id, user_id, last_read_seq)
                     SELECT ch.id, u.id, CASE u.username WHEN 'a' THEN 1 WHEN 'b' THEN 0 ELSE 4 END FROM ch, u)
        INSERT INTO messages (community_id, channel_id, seq, author_id, author_seq, content, client_msg_id, deleted_at)
        SELECT ch.community_id, ch.id, m.seq, u.id, m.author_seq, '', 'm' || m.seq, CASE WHEN m.deleted THEN now() END
          FROM ch, (VALUES (1, 'b', 1, true), (2, 'b', 2, true), (3, 'a', 1, true), (4, 'b', 3, false)) AS m (seq, author, author_seq, deleted)
          JOIN u ON u.username = m.author`);
      const db = new DataSource(createDataSourceOptions(filled.toString()));
      await db.initialize();
      try {
        // It and every later migration.
        expect(await db.runMigrations({ transaction: 'each' })).toHaveLength(API_MIGRATIONS.length - last);
      } finally {
        await db.destroy();
      }
      const { rows } = await client.query<{ username: string; n: string }>(
        'SELECT u.username, chm.deleted_above_marker AS n FROM channel_members chm JOIN users u ON u.id = chm.user_id ORDER BY 1',
      );
      expect(rows.map((r) => [r.username, Number(r.n)])).toEqual([
        ['a', 1],
        ['b', 1],
        ['c', 0],
      ]);
    } finally {
      await client.end();
      await onAdmin(`DROP DATABASE IF EXISTS "${filled.pathname.slice(1)}" WITH (FORCE)`);
    }
  });
});
