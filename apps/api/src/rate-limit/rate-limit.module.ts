import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '../auth/auth.module';
import { ApiConfig } from '../config/api-config';
import { RestThrottlerGuard } from './rest-throttler.guard';

/**
 * REST limits, counted in Redis when the API has it (so every API replica shares them), in memory
 * otherwise.
 */
@Module({
  imports: [
    AuthModule,
    ThrottlerModule.forRootAsync({
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.REST_WRITES_PER_MINUTE }],
        ...(config.REDIS_URL
          ? { storage: new ThrottlerStorageRedisService(config.REDIS_URL, { keyPrefix: `${config.REDIS_KEY_PREFIX}:throttle:` }) }
          : {}),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RestThrottlerGuard }],
})
export class RestRateLimitModule {}
