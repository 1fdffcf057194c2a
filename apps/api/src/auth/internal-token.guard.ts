import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { HttpRequest } from '../common/http.types';
import { DomainError } from '@app/shared';
import { ApiConfig } from '../config/api-config';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Guards the routes only the socket app may call. Both sides are hashed first so that the
 * comparison is constant-time even when the lengths differ.
 */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: ApiConfig) {
    this.expected = digest(config.INTERNAL_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<HttpRequest>().headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new DomainError('unauthorized', 'missing or invalid internal token');
    }
    return true;
  }
}
