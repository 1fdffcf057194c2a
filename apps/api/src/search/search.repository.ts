import { Injectable } from '@nestjs/common';
import type { ConversationKind } from '@app/shared';
import { Database } from '../database/database';
import { MESSAGE_COLUMNS, type MessageRow } from '../messages/message-row';
import type { SearchCursor } from './search-cursor';
import { MATCH_END, MATCH_START } from './search-terms';

export interface SearchRow extends MessageRow {
  /** created_at as Postgres writes it, to the microsecond (for the cursor). */
  created_text: string;
  channel_name: string;
  kind: ConversationKind;
  headline: string;
}

export interface SearchFilter {
  communityId: string;
  readerId: string;
  tsquery: string;
  channelId?: string;
  authorId?: string;
  after?: Date;
  before?: Date;
  cursor?: SearchCursor;
  limit: number;
}

const MARKS = `StartSel=${MATCH_START}, StopSel=${MATCH_END}`;
/** Long texts: the best two fragments. */
const HEADLINE_OPTIONS = `${MARKS}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;
/** A text this short is shown whole. */
const SHORT_TEXT_CHARS = 240;
const WHOLE_TEXT_OPTIONS = `${MARKS}, HighlightAll=true`;

/** The search statement: the GIN index finds the rows, the reader's rights and filters narrow them. */
@Injectable()
export class SearchRepository {
  constructor(private readonly db: Database) {}

  /**
   * Newest first. What the reader can read now: every public channel of the community (any member
   * may join one) and the private channels and direct conversations they are in. Snippets are made
   * for the page's rows only (ts_headline re-parses the text), in the outer query.
   */
  search(filter: SearchFilter): Promise<SearchRow[]> {
    const params: unknown[] = [filter.communityId, filter.tsquery, filter.readerId];
    const where: string[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.channelId) add((n) => `m.channel_id = ${n}`, filter.channelId);
    if (filter.authorId) add((n) => `m.author_id = ${n}`, filter.authorId);
    if (filter.after) add((n) => `m.created_at >= ${n}`, filter.after);
    if (filter.before) add((n) => `m.created_at < ${n}`, filter.before);
    if (filter.cursor) {
      params.push(filter.cursor.createdAt, filter.cursor.seq, filter.cursor.id);
      const n = params.length;
      where.push(`(m.created_at, m.seq, m.id) < ($${n - 2}::timestamptz, $${n - 1}::bigint, $${n}::uuid)`);
    }
    params.push(filter.limit, HEADLINE_OPTIONS, WHOLE_TEXT_OPTIONS);
    const [limit, options, whole] = [`$${params.length - 2}`, `$${params.length - 1}`, `$${params.length}`];
    return this.db.query<SearchRow>(
      `WITH q AS (SELECT to_tsquery('simple', $2) AS query),
            hits AS (
              SELECT m.id FROM messages m JOIN channels c ON c.id = m.channel_id, q
               WHERE m.community_id = $1 AND to_tsvector('simple', m.content) @@ q.query AND m.deleted_at IS NULL
                 AND (NOT c.is_private OR EXISTS (SELECT 1 FROM channel_members chm WHERE chm.channel_id = c.id AND chm.user_id = $3))
                 ${where.map((w) => `AND ${w}`).join(' ')}
               ORDER BY m.created_at DESC, m.seq DESC, m.id DESC
               LIMIT ${limit})
       SELECT ${MESSAGE_COLUMNS}, m.created_at::text AS created_text, c.name AS channel_name, c.kind,
              ts_headline('simple', translate(m.content, chr(57344) || chr(57345), ''), q.query,
                          CASE WHEN length(m.content) <= ${SHORT_TEXT_CHARS} THEN ${whole} ELSE ${options} END) AS headline
         FROM hits JOIN messages m ON m.id = hits.id JOIN users u ON u.id = m.author_id JOIN channels c ON c.id = m.channel_id, q
        ORDER BY m.created_at DESC, m.seq DESC, m.id DESC`,
      params,
    );
  }
}
