import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { SearchController } from './search.controller';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

@Module({ imports: [CommunitiesModule], controllers: [SearchController], providers: [SearchService, SearchRepository] })
export class SearchModule {}
