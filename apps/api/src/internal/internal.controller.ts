import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  DomainError,
  INTERNAL_ROUTES,
  type InternalChannelAccessResponse,
  type InternalChatBatchResponse,
  type InternalCommunityAccessResponse,
  type InternalReactionResponse,
  type InternalReadResponse,
  parseWith,
} from '@app/shared';
import type { z } from 'zod';
import { InternalTokenGuard } from '../auth/internal-token.guard';
import { validated } from '../common/contract-validation.pipe';
import { MessageWriterService } from '../messages/message-writer.service';
import { ReactionsService } from '../reactions/reactions.service';
import { ReadStateService } from '../read-state/read-state.service';
import { InternalAccessService } from './internal-access.service';
import {
  channelAccessBodySchema,
  chatBatchBodySchema,
  communityAccessBodySchema,
  internalReactionBodySchema,
  internalReadBodySchema,
} from './internal-body.schemas';

const body = <T>(schema: z.ZodType<T, unknown>, what: string) => validated((input: unknown) => parseWith(schema, input, what));

/** Routes for the socket app only: outside the `/api` prefix, behind INTERNAL_TOKEN, all answering 200. */
@Controller()
@UseGuards(InternalTokenGuard)
export class InternalController {
  constructor(
    private readonly writer: MessageWriterService,
    private readonly readState: ReadStateService,
    private readonly access: InternalAccessService,
    private readonly reactions: ReactionsService,
  ) {}

  @Post(INTERNAL_ROUTES.chatBatch)
  @HttpCode(200)
  async chatBatch(
    @Body(body(chatBatchBodySchema, 'chat batch')) request: z.output<typeof chatBatchBodySchema>,
  ): Promise<InternalChatBatchResponse> {
    return { results: await this.writer.writeBatch(request.commands) };
  }

  @Post(INTERNAL_ROUTES.communityAccess)
  @HttpCode(200)
  communityAccess(
    @Body(body(communityAccessBodySchema, 'community access')) request: z.output<typeof communityAccessBodySchema>,
  ): Promise<InternalCommunityAccessResponse> {
    return this.access.communityAccess(request.userId, request.communityId);
  }

  @Post(INTERNAL_ROUTES.channelAccess)
  @HttpCode(200)
  channelAccess(
    @Body(body(channelAccessBodySchema, 'channel access')) request: z.output<typeof channelAccessBodySchema>,
  ): Promise<InternalChannelAccessResponse> {
    return this.access.channelAccess(request.userId, request.communityId, request.channelIds);
  }

  @Post(INTERNAL_ROUTES.read)
  @HttpCode(200)
  async read(@Body(body(internalReadBodySchema, 'read')) request: z.output<typeof internalReadBodySchema>): Promise<InternalReadResponse> {
    try {
      const { userId, communityId, channelId, seq } = request;
      return { ok: true, lastReadSeq: await this.readState.markReadIn(userId, communityId, channelId, seq) };
    } catch (err) {
      if (err instanceof DomainError) return { ok: false, error: err.toInfo() };
      throw err;
    }
  }

  @Post(INTERNAL_ROUTES.reaction)
  @HttpCode(200)
  async reaction(
    @Body(body(internalReactionBodySchema, 'reaction')) request: z.output<typeof internalReactionBodySchema>,
  ): Promise<InternalReactionResponse> {
    try {
      return await this.reactions.react(request.userId, request.communityId, request.reaction);
    } catch (err) {
      if (err instanceof DomainError) return { ok: false, error: err.toInfo() };
      throw err;
    }
  }
}
