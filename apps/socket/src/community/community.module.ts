import { Module } from '@nestjs/common';
import { ApiClientModule } from '../api-client/api-client.module';
import { CommunityGateway } from './community.gateway';
import { HandshakeAuthService } from './handshake-auth.service';

@Module({ imports: [ApiClientModule], providers: [CommunityGateway, HandshakeAuthService] })
export class CommunityModule {}
