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

/** Up to this many matches (estimated), GIN finds them all and they are sorted. */
export const FEW_MATCHES = 3_000;
/** Newest messages of the community tested one by one when a search matches more than FEW_MATCHES. */
export const WALK_BUDGET = 1_000;

/**
 * The search statements. Hits come newest first, and the way there depends on how many messages
 * match. Left to choose a plan for the whole statement, the planner sent rare words down the time
 * index (a second each, measured), so the choice is made here from its estimate of the matches:
 * few, and GIN's matches are taken whole, filtered and sorted; many (a word most messages have),
 * and the community's newest WALK_BUDGET messages are tested one by one through the time index. If
 * that does not fill the page (the matches are old), the sort of all of them is paid after all.
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly db: Database) {}

  /** What the reader can read now: every public channel of the community (any member may join one), and their private ones and DMs. */
  async search(filter: SearchFilter): Promise<SearchRow[]> {
    if ((await this.estimatedMatches(filter)) > FEW_MATCHES) {
      const walked = await this.page(filter, 'walk');
      if (walked.length >= filter.limit) return walked;
    }
    return this.page(filter, 'gin');
  }

  /**
   * How many messages of the community match, as the planner estimates it from the search index's
   * statistics (most common words and their frequencies): a fraction of a millisecond, where
   * counting through GIN reads every match of a common word (1M rows: 50 ms). A wrong guess costs
   * a walk that comes back short, then the sort: never a wrong answer.
   */
  private async estimatedMatches(filter: SearchFilter): Promise<number> {
    const [row] = await this.db.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM messages m
        WHERE m.community_id = $1 AND to_tsvector('simple', m.content) @@ to_tsquery('simple', $2)`,
      [filter.communityId, filter.tsquery],
    );
    return row['QUERY PLAN'][0].Plan['Plan Rows'];
  }

  /** Snippets are made for the page's rows only (ts_headline parses the text again), in the outer query. */
  private page(filter: SearchFilter, mode: 'gin' | 'walk'): Promise<SearchRow[]> {
    const params: unknown[] = [filter.communityId, filter.tsquery, filter.readerId];
    const inScope: string[] = [];
    const narrow: string[] = [];
    const add = (list: string[], sql: (n: string) => string, value: unknown) => {
      params.push(value);
      list.push(sql(`$${params.length}`));
    };
    if (filter.channelId) add(narrow, (n) => `m.channel_id = ${n}`, filter.channelId);
    if (filter.authorId) add(narrow, (n) => `m.author_id = ${n}`, filter.authorId);
    if (filter.after) add(inScope, (n) => `m.created_at >= ${n}`, filter.after);
    if (filter.before) add(inScope, (n) => `m.created_at < ${n}`, filter.before);
    if (filter.cursor) {
      params.push(filter.cursor.createdAt, filter.cursor.seq, filter.cursor.id);
      const n = params.length;
      inScope.push(`(m.created_at, m.seq, m.id) < ($${n - 2}::timestamptz, $${n - 1}::bigint, $${n}::uuid)`);
    }
    const and = (list: string[]) => list.map((w) => ` AND ${w}`).join('');
    params.push(filter.limit, HEADLINE_OPTIONS, WHOLE_TEXT_OPTIONS);
    const [limit, options, whole] = [2, 1, 0].map((back) => `$${params.length - back}`);
    // Every parameter must appear in the statement (Postgres cannot type an unused one).
    if (mode === 'walk') params.push(WALK_BUDGET);
    const budget = `$${params.length}`;
    const order = 'ORDER BY m.created_at DESC, m.seq DESC, m.id DESC';
    // Walking, the match is tested on each row read (`|| ''` keeps the planner off the GIN index).
    // GIN's matches are taken whole first (MATERIALIZED), so the planner cannot trade them for a walk.
    const source =
      mode === 'gin'
        ? `matched m WHERE true`
        : `(SELECT m.* FROM messages m WHERE m.community_id = $1${and(inScope)} ${order} LIMIT ${budget}) m
           WHERE (to_tsvector('simple', m.content) || ''::tsvector) @@ to_tsquery('simple', $2)`;
    const matched =
      mode === 'gin'
        ? `matched AS MATERIALIZED (
             SELECT m.id, m.channel_id, m.author_id, m.created_at, m.seq, m.deleted_at FROM messages m
              WHERE m.community_id = $1 AND to_tsvector('simple', m.content) @@ to_tsquery('simple', $2)${and(inScope)}),`
        : '';
    return this.db.query<SearchRow>(
      `WITH ${matched} hits AS (
              SELECT m.id, m.created_at, m.seq FROM ${source}
                 AND m.deleted_at IS NULL${and(narrow)}
                 AND EXISTS (SELECT 1 FROM channels c WHERE c.id = m.channel_id AND (NOT c.is_private
                             OR EXISTS (SELECT 1 FROM channel_members chm WHERE chm.channel_id = c.id AND chm.user_id = $3)))
               ${order}
               LIMIT ${limit})
       SELECT ${MESSAGE_COLUMNS}, m.created_at::text AS created_text, c.name AS channel_name, c.kind,
              ts_headline('simple', translate(m.content, chr(57344) || chr(57345), ''), to_tsquery('simple', $2),
                          CASE WHEN length(m.content) <= ${SHORT_TEXT_CHARS} THEN ${whole} ELSE ${options} END) AS headline
         FROM hits JOIN messages m ON m.id = hits.id JOIN users u ON u.id = m.author_id JOIN channels c ON c.id = m.channel_id
        ORDER BY m.created_at DESC, m.seq DESC, m.id DESC`,
      params,
    );
  }
}
