import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { appLoggerModule } from '@app/server';
import { AuthModule } from './auth/auth.module';
import { ChannelsModule } from './channels/channels.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { CommunitiesModule } from './communities/communities.module';
import { ApiConfig } from './config/api-config';
import { ApiConfigModule } from './config/api-config.module';
import { DatabaseModule } from './database/database.module';
import { DirectMessagesModule } from './direct-messages/direct-messages.module';
import { DocsModule } from './docs/docs.module';
import { FilesModule } from './files/files.module';
import { HealthModule } from './health/health.module';
import { InternalModule } from './internal/internal.module';
import { MessagesModule } from './messages/messages.module';
import { MetricsModule } from './metrics/metrics.module';
import { RestRateLimitModule } from './rate-limit/rate-limit.module';
import { ReadStateModule } from './read-state/read-state.module';
import { RoutingModule } from './routing/routing.module';
import { SearchModule } from './search/search.module';
import { UserEventsModule } from './user-events/user-events.module';
import { UsersModule } from './users/users.module';
import { HttpShutdown } from './common/http-shutdown.service';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiConfigModule.forRoot(config),
        // REST requests are logged as they complete; internal routes, metrics and probes are not.
        appLoggerModule({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, logRequest: (req) => req.url?.startsWith('/api/') ?? false }),
        DatabaseModule,
        UserEventsModule,
        AuthModule,
        UsersModule,
        CommunitiesModule,
        ChannelsModule,
        DirectMessagesModule,
        SearchModule,
        FilesModule,
        MessagesModule,
        ReadStateModule,
        RoutingModule,
        InternalModule,
        MetricsModule,
        DocsModule,
        HealthModule,
        RestRateLimitModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }, HttpShutdown],
    };
  }
}
