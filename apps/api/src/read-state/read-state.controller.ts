import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { type ReadMarkerResponse, type UnreadEntry, type UserSummary, validate } from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { validated } from '../common/contract-validation.pipe';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { ReadStateService } from './read-state.service';

@Controller()
@UseGuards(JwtAuthGuard)
export class ReadStateController {
  constructor(private readonly readState: ReadStateService) {}

  /** 200, not 201: moving a marker creates nothing. */
  @Post('channels/:id/read')
  @HttpCode(200)
  async markRead(
    @CurrentUser() user: UserSummary,
    @Param('id', UuidParamPipe) channelId: string,
    @Body(validated(validate.readBody)) body: { seq: number },
  ): Promise<ReadMarkerResponse> {
    return { lastReadSeq: await this.readState.markRead(user.id, channelId, body.seq) };
  }

  @Get('me/unread')
  unread(@CurrentUser() user: UserSummary): Promise<UnreadEntry[]> {
    return this.readState.unreadFor(user.id);
  }
}
