import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import type { EndpointResponse, UserSummary } from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CommunityAccessService } from '../communities/community-access.service';
import { RoutingService } from './routing.service';

@Controller('communities/:id/endpoint')
@UseGuards(JwtAuthGuard)
export class RoutingController {
  constructor(
    private readonly communities: CommunityAccessService,
    private readonly routing: RoutingService,
  ) {}

  @Get()
  async endpoint(@CurrentUser() user: UserSummary, @Param('id', UuidParamPipe) communityId: string): Promise<EndpointResponse> {
    await this.communities.requireMember(user.id, communityId);
    return this.routing.endpointFor(communityId);
  }
}
