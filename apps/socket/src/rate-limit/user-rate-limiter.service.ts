import { Inject, Injectable, Optional } from '@nestjs/common';
import type Redis from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { SocketConfig } from '../config/socket-config';

/** `write`: chat and reactions (they store something). `event`: join, leave, read. */
export type RateLimitedAction = 'write' | 'event';

/** The Redis connection the limits are counted in when the node has one (the adapter's command client). */
export const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

interface Rate {
  perSecond: number;
  burst: number;
}

/**
 * Per-user budgets, whatever socket or node the user's events come through: a user with ten sockets,
 * or one who reconnects, has one budget, not ten or a fresh one (an outside probe sent 1,000 chats in
 * 182 ms over 10 sockets when the budget was per socket). With Redis the count is shared by every
 * node (rate-limiter-flexible's Redis limiter: one atomic INCR per event, and a user over the limit is
 * then refused from this process's memory until the window ends); should Redis fail, each node counts
 * on its own meanwhile instead of refusing everyone.
 */
@Injectable()
export class UserRateLimiter {
  private readonly limiters: Record<RateLimitedAction, RateLimiterAbstract>;

  constructor(config: SocketConfig, @Optional() @Inject(RATE_LIMIT_REDIS) redis?: Redis) {
    const make = (name: string, rate: Rate): RateLimiterAbstract => {
      const { points, duration } = windowOf(rate);
      const local = new RateLimiterMemory({ points, duration, keyPrefix: `rate-${name}` });
      if (!redis) return local;
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.scaleOut.keyPrefix}:rate:${name}`,
        points,
        duration,
        inMemoryBlockOnConsumed: points + 1,
        inMemoryBlockDuration: duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: local,
      });
    };
    this.limiters = { write: make('write', config.chatRate), event: make('event', config.eventRate) };
  }

  /** True when the user may act now. Never throws for a refusal; a store failure falls back (see above). */
  async tryTake(action: RateLimitedAction, userId: string): Promise<boolean> {
    try {
      await this.limiters[action].consume(userId);
      return true;
    } catch (result) {
      if (result instanceof RateLimiterRes) return false;
      throw result;
    }
  }
}

/**
 * A token-bucket setting (rate, burst) as the fixed window the library counts in: `burst` events per
 * window of `burst / perSecond` seconds (at least one), which allows the same average rate.
 */
export function windowOf(rate: Rate): { points: number; duration: number } {
  return { points: rate.burst, duration: Math.max(1, Math.round(rate.burst / rate.perSecond)) };
}
