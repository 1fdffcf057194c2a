import { Module } from '@nestjs/common';
import { ReactionsRepository } from './reactions.repository';
import { ReactionsService } from './reactions.service';

@Module({
  providers: [ReactionsService, ReactionsRepository],
  exports: [ReactionsService],
})
export class ReactionsModule {}
