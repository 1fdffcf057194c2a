import { Module } from '@nestjs/common';
import { ApiClientModule } from '../api-client/api-client.module';
import { ReactionsGateway } from './reactions.gateway';
import { ReactionsService } from './reactions.service';

@Module({ imports: [ApiClientModule], providers: [ReactionsGateway, ReactionsService] })
export class ReactionsModule {}
