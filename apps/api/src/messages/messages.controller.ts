import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { type HistoryPage, type HistoryQuery, type UserSummary, validate } from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { validated } from '../common/contract-validation.pipe';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { MessagesService } from './messages.service';

@Controller('channels/:id/messages')
@UseGuards(JwtAuthGuard)
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  history(
    @CurrentUser() user: UserSummary,
    @Param('id', UuidParamPipe) channelId: string,
    @Query(validated(validate.historyQuery)) query: HistoryQuery,
  ): Promise<HistoryPage> {
    return this.messages.history(user.id, channelId, query);
  }
}
