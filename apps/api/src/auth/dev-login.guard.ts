import { type CanActivate, Injectable } from '@nestjs/common';
import { DomainError } from '@app/shared';
import { ApiConfig } from '../config/api-config';

/**
 * The dev login exists only with AUTH_MODE=dev. A guard, so that in `jwt` mode the route is a 404
 * before its body is even validated, as if it were not there.
 */
@Injectable()
export class DevLoginGuard implements CanActivate {
  constructor(private readonly config: ApiConfig) {}

  canActivate(): boolean {
    if (this.config.AUTH_MODE !== 'dev') throw new DomainError('not_found', 'not found');
    return true;
  }
}
