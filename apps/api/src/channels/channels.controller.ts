import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import {
  type ChannelDetails,
  type ChannelListItem,
  type ChannelMembersResponse,
  type ChannelMembership,
  type ChannelSummary,
  type LeaveChannelResponse,
  type UserSummary,
  validate,
} from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { validated } from '../common/contract-validation.pipe';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { ChannelsService } from './channels.service';

@Controller()
@UseGuards(JwtAuthGuard)
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Post('communities/:id/channels')
  @HttpCode(201)
  create(
    @CurrentUser() user: UserSummary,
    @Param('id', UuidParamPipe) communityId: string,
    @Body(validated(validate.createChannelBody)) body: { name: string; private?: boolean },
  ): Promise<ChannelSummary> {
    return this.channels.create(user.id, communityId, body.name, body.private ?? false);
  }

  @Get('communities/:id/channels')
  list(@CurrentUser() user: UserSummary, @Param('id', UuidParamPipe) communityId: string): Promise<ChannelListItem[]> {
    return this.channels.list(user.id, communityId);
  }

  @Post('channels/:id/join')
  @HttpCode(201)
  join(@CurrentUser() user: UserSummary, @Param('id', UuidParamPipe) channelId: string): Promise<ChannelMembership> {
    return this.channels.join(user.id, channelId);
  }

  @Patch('channels/:id')
  update(
    @CurrentUser() user: UserSummary,
    @Param('id', UuidParamPipe) channelId: string,
    @Body(validated(validate.updateChannelBody)) body: { topic: string },
  ): Promise<ChannelDetails> {
    return this.channels.setTopic(user.id, channelId, body.topic);
  }

  @Get('channels/:id/members')
  members(@CurrentUser() user: UserSummary, @Param('id', UuidParamPipe) channelId: string): Promise<ChannelMembersResponse> {
    return this.channels.members(user.id, channelId);
  }

  @Post('channels/:id/leave')
  @HttpCode(200)
  leave(@CurrentUser() user: UserSummary, @Param('id', UuidParamPipe) channelId: string): Promise<LeaveChannelResponse> {
    return this.channels.leave(user.id, channelId);
  }

  @Post('channels/:id/members')
  @HttpCode(201)
  addMember(
    @CurrentUser() user: UserSummary,
    @Param('id', UuidParamPipe) channelId: string,
    @Body(validated(validate.addMemberBody)) body: { userId: string },
  ): Promise<ChannelMembership> {
    return this.channels.addMember(user.id, channelId, body.userId.toLowerCase());
  }
}
