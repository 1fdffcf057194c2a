import { Module } from '@nestjs/common';
import { ApiClientModule } from '../api-client/api-client.module';
import { MembershipGateway } from './membership.gateway';
import { MembershipService } from './membership.service';

@Module({ imports: [ApiClientModule], providers: [MembershipGateway, MembershipService] })
export class MembershipModule {}
