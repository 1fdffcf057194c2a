import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { ReadStateModule } from '../read-state/read-state.module';
import { InternalAccessRepository } from './internal-access.repository';
import { InternalAccessService } from './internal-access.service';
import { InternalController } from './internal.controller';

@Module({
  imports: [MessagesModule, ReadStateModule],
  controllers: [InternalController],
  providers: [InternalAccessService, InternalAccessRepository],
})
export class InternalModule {}
