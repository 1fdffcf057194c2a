import { Module } from '@nestjs/common';
import { ApiClientModule } from '../api-client/api-client.module';
import { CommunityGateway } from './community.gateway';
import { ChatModule } from '../chat/chat.module';
import { NodeDrain } from './node-drain.service';
import { HandshakeAuthService } from './handshake-auth.service';
import { SessionsModule } from '../sessions/sessions.module';
import { UserEventsModule } from '../user-events/user-events.module';

@Module({
  imports: [ApiClientModule, ChatModule, SessionsModule, UserEventsModule],
  providers: [CommunityGateway, HandshakeAuthService, NodeDrain],
  exports: [NodeDrain],
})
export class CommunityModule {}
