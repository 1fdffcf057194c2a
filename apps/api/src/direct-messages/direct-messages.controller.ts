import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  type DirectConversationList,
  type OpenDirectConversationBody,
  type OpenDirectConversationResponse,
  type UserSummary,
  validate,
} from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { validated } from '../common/contract-validation.pipe';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { DirectMessagesService } from './direct-messages.service';

@Controller('communities/:id/dms')
@UseGuards(JwtAuthGuard)
export class DirectMessagesController {
  constructor(private readonly conversations: DirectMessagesService) {}

  /** 201 whether it was made now or found: opening is idempotent, `created` says which. */
  @Post()
  @HttpCode(201)
  open(
    @CurrentUser() user: UserSummary,
    @Param('id', UuidParamPipe) communityId: string,
    @Body(validated(validate.openDirectConversationBody)) body: OpenDirectConversationBody,
  ): Promise<OpenDirectConversationResponse> {
    return this.conversations.open(user.id, communityId, body.userIds);
  }

  @Get()
  list(@CurrentUser() user: UserSummary, @Param('id', UuidParamPipe) communityId: string): Promise<DirectConversationList> {
    return this.conversations.list(user.id, communityId);
  }
}
