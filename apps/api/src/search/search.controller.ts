import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { type SearchQuery, type SearchResponse, type UserSummary, validate } from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { validated } from '../common/contract-validation.pipe';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { SearchService } from './search.service';

@Controller('communities/:id/search')
@UseGuards(JwtAuthGuard)
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  find(
    @CurrentUser() user: UserSummary,
    @Param('id', UuidParamPipe) communityId: string,
    @Query(validated(validate.searchQuery)) query: SearchQuery,
  ): Promise<SearchResponse> {
    return this.search.search(user.id, communityId, query);
  }
}
