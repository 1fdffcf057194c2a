import { Body, Controller, Delete, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { type CommunityMembership, type CommunitySummary, type RemoveCommunityMemberResponse, type UserSummary, validate } from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { validated } from '../common/contract-validation.pipe';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CommunitiesService } from './communities.service';

@Controller('communities')
@UseGuards(JwtAuthGuard)
export class CommunitiesController {
  constructor(private readonly communities: CommunitiesService) {}

  @Post()
  @HttpCode(201)
  create(@CurrentUser() user: UserSummary, @Body(validated(validate.createCommunityBody)) body: { name: string }): Promise<CommunitySummary> {
    return this.communities.create(user.id, body.name);
  }

  @Post(':id/members')
  @HttpCode(201)
  addMember(
    @CurrentUser() user: UserSummary,
    @Param('id', UuidParamPipe) communityId: string,
    @Body(validated(validate.addMemberBody)) body: { userId: string },
  ): Promise<CommunityMembership> {
    return this.communities.addMember(user.id, communityId, body.userId.toLowerCase());
  }

  @Delete(':id/members/:userId')
  @HttpCode(200)
  removeMember(
    @CurrentUser() user: UserSummary,
    @Param('id', UuidParamPipe) communityId: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<RemoveCommunityMemberResponse> {
    return this.communities.removeMember(user.id, communityId, userId.toLowerCase());
  }
}
