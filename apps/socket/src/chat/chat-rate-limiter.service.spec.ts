import type { CommunitySocket } from '../common/socket-types';
import { loadSocketConfig } from '../config/socket-config';
import { ChatRateLimiter } from './chat-rate-limiter.service';

describe('ChatRateLimiter', () => {
  const config = loadSocketConfig({
    INTERNAL_TOKEN: 'internal-token-0123456789',
    JWT_SECRET: 'jwt-secret-0123456789',
    CHAT_RATE_PER_SEC: '1',
    CHAT_RATE_BURST: '2',
  });

  it('keeps one budget per socket', () => {
    const limiter = new ChatRateLimiter(config);
    const a = {} as CommunitySocket;
    const b = {} as CommunitySocket;
    expect([limiter.tryTake(a, 0), limiter.tryTake(a, 0), limiter.tryTake(a, 0)]).toEqual([true, true, false]);
    expect(limiter.tryTake(b, 0)).toBe(true);
    expect(limiter.tryTake(a, 1000)).toBe(true);
  });
});
