import { type DynamicModule, Module } from '@nestjs/common';
import { ChatModule } from './chat/chat.module';
import { CommunityModule } from './community/community.module';
import { SocketConfigModule } from './config/socket-config.module';
import type { SocketConfig } from './config/socket-config';
import { HealthModule } from './health/health.module';
import { MembershipModule } from './membership/membership.module';
import { PresenceModule } from './presence/presence.module';
import { ReadStateModule } from './read-state/read-state.module';

@Module({})
export class SocketAppModule {
  static forRoot(config: SocketConfig): DynamicModule {
    return {
      module: SocketAppModule,
      imports: [SocketConfigModule.forRoot(config), CommunityModule, ChatModule, MembershipModule, ReadStateModule, PresenceModule, HealthModule],
    };
  }
}
