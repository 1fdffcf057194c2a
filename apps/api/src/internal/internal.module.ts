import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { ReactionsModule } from '../reactions/reactions.module';
import { ReadStateModule } from '../read-state/read-state.module';
import { InternalAccessRepository } from './internal-access.repository';
import { InternalAccessService } from './internal-access.service';
import { InternalController } from './internal.controller';

@Module({
  imports: [MessagesModule, ReadStateModule, ReactionsModule],
  controllers: [InternalController],
  providers: [InternalAccessService, InternalAccessRepository],
})
export class InternalModule {}
