import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { DirectMessagesController } from './direct-messages.controller';
import { DirectMessagesRepository } from './direct-messages.repository';
import { DirectMessagesService } from './direct-messages.service';

@Module({
  imports: [CommunitiesModule],
  controllers: [DirectMessagesController],
  providers: [DirectMessagesService, DirectMessagesRepository],
})
export class DirectMessagesModule {}
