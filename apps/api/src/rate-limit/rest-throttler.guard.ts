import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { ThrottlerRequest } from '@nestjs/throttler/dist/throttler.guard.interface';
import { TokenService } from '../auth/token.service';
import { ApiConfig } from '../config/api-config';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOGIN_PATH = '/api/auth/login';

interface ThrottledRequest {
  method: string;
  path: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * REST writes per user (its verified token's `sub`, whatever IP it comes from), the dev login per IP.
 * Reads are not limited here: they change nothing and the socket budgets cover the chat path. Over the
 * limit: 429 `rate_limited` with `Retry-After` (seconds), from @nestjs/throttler.
 */
@Injectable()
export class RestThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly config: ApiConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ThrottledRequest>();
    return Promise.resolve(READS.has(req.method) || !req.path.startsWith('/api/'));
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as ThrottledRequest;
    if (request.path !== LOGIN_PATH) {
      const header = request.headers.authorization;
      const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : '';
      const userId = token ? this.tokens.verify(token) : null;
      if (userId) return Promise.resolve(`user:${userId}`);
    }
    return Promise.resolve(`ip:${request.ip ?? 'unknown'}`);
  }

  protected override handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const req = props.context.switchToHttp().getRequest<ThrottledRequest>();
    // Signing in is limited per address, more tightly: the dev login creates users.
    if (req.path === LOGIN_PATH) return super.handleRequest({ ...props, limit: this.config.LOGINS_PER_MINUTE });
    return super.handleRequest(props);
  }
}
