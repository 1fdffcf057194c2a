import { Module } from '@nestjs/common';
import { ApiClientModule } from '../api-client/api-client.module';
import { ReadStateGateway } from './read-state.gateway';
import { ReadStateService } from './read-state.service';

@Module({ imports: [ApiClientModule], providers: [ReadStateGateway, ReadStateService] })
export class ReadStateModule {}
