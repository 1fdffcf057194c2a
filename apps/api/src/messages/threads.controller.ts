import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { type HistoryQuery, type ThreadPage, type UserSummary, validate } from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { validated } from '../common/contract-validation.pipe';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { MessagesService } from './messages.service';

/** A thread's replies: the same query and paging as channel history. */
@Controller('channels/:id/threads/:rootId/messages')
@UseGuards(JwtAuthGuard)
export class ThreadsController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  thread(
    @CurrentUser() user: UserSummary,
    @Param('id', UuidParamPipe) channelId: string,
    @Param('rootId', UuidParamPipe) rootId: string,
    @Query(validated(validate.historyQuery)) query: HistoryQuery,
  ): Promise<ThreadPage> {
    return this.messages.thread(user.id, channelId, rootId, query);
  }
}
