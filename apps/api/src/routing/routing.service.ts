import type { ReadinessCheck } from '@app/server';
import type { EndpointResponse } from '@app/shared';

/**
 * Which socket node serves a community. A class used as the injection token, so that the
 * multi-node implementation (nodes announcing themselves and their load through Redis) replaces
 * the single-node one in RoutingModule without touching any caller.
 */
export abstract class RoutingService {
  abstract endpointFor(communityId: string): Promise<EndpointResponse>;

  /** The node for a user's own namespace (USER_NAMESPACE): any node hears every user event. */
  abstract personalEndpoint(userId: string): Promise<EndpointResponse>;

  /** What routing depends on, for the readiness probe; nothing by default. */
  readinessChecks(): Record<string, ReadinessCheck> {
    return {};
  }
}
