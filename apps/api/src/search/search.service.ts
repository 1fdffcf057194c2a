import { Injectable } from '@nestjs/common';
import type { SearchQuery, SearchResponse } from '@app/shared';
import { CommunityAccessService } from '../communities/community-access.service';
import { toMessage } from '../messages/message-row';
import { decodeCursor, encodeCursor } from './search-cursor';
import { SearchRepository } from './search.repository';
import { toSnippet, toTsQuery } from './search-terms';

/**
 * Message search in Postgres (see the message-search migration). When one Postgres is not enough,
 * this service is the seam: a dedicated engine (OpenSearch, Meilisearch) fed from the same writes
 * would answer `SearchRepository.search` with ids, and the rights and shaping here stay as they are.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly repository: SearchRepository,
    private readonly communities: CommunityAccessService,
  ) {}

  async search(userId: string, communityId: string, query: SearchQuery): Promise<SearchResponse> {
    await this.communities.requireMember(userId, communityId);
    const rows = await this.repository.search({
      communityId,
      readerId: userId,
      tsquery: toTsQuery(query.terms),
      channelId: query.channelId,
      authorId: query.authorId,
      after: query.after,
      before: query.before,
      cursor: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      // One more than asked tells whether another page exists.
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      hits: page.map((row) => ({
        message: toMessage(row),
        channelName: row.kind === 'dm' ? '' : row.channel_name,
        kind: row.kind,
        snippet: toSnippet(row.headline),
      })),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.created_text, seq: Number(last.seq), id: last.id }) : null,
    };
  }
}
