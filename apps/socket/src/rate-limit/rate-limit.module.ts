import { type DynamicModule, Global, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { RATE_LIMIT_REDIS, UserRateLimiter } from './user-rate-limiter.service';

/** The per-user budgets every gateway spends from; counted in Redis when the node has it. */
@Global()
@Module({})
export class RateLimitModule {
  static forRoot(redis?: Redis): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [UserRateLimiter, ...(redis ? [{ provide: RATE_LIMIT_REDIS, useValue: redis }] : [])],
      exports: [UserRateLimiter],
    };
  }
}
