import type { UserSummary } from '@app/shared';
import type { HttpRequest } from '../common/http.types';

/** A request that passed JwtAuthGuard. */
export interface AuthenticatedRequest extends HttpRequest {
  authUser: UserSummary;
}
