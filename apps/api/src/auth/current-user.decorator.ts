import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserSummary } from '@app/shared';
import type { AuthenticatedRequest } from './authenticated-request';

/** The user JwtAuthGuard authenticated. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UserSummary => context.switchToHttp().getRequest<AuthenticatedRequest>().authUser,
);
