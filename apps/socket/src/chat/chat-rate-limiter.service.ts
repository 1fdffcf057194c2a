import { Injectable } from '@nestjs/common';
import type { CommunitySocket } from '../common/socket-types';
import { SocketConfig } from '../config/socket-config';
import { TokenBucket } from './token-bucket';

/** One bucket per socket; a WeakMap so a disconnected socket takes its bucket with it. */
@Injectable()
export class ChatRateLimiter {
  private readonly buckets = new WeakMap<CommunitySocket, TokenBucket>();

  constructor(private readonly config: SocketConfig) {}

  tryTake(socket: CommunitySocket, now: number = Date.now()): boolean {
    let bucket = this.buckets.get(socket);
    if (!bucket) {
      bucket = new TokenBucket(this.config.chatRate.perSecond, this.config.chatRate.burst, now);
      this.buckets.set(socket, bucket);
    }
    return bucket.tryTake(now);
  }
}
