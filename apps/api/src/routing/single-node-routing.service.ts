import { Injectable } from '@nestjs/common';
import { type EndpointResponse, communityNamespace } from '@app/shared';
import { ApiConfig } from '../config/api-config';
import { RoutingService } from './routing.service';

/** With one socket node every community is served by it. */
@Injectable()
export class SingleNodeRoutingService extends RoutingService {
  constructor(private readonly config: ApiConfig) {
    super();
  }

  async endpointFor(communityId: string): Promise<EndpointResponse> {
    return { url: this.config.SOCKET_ENDPOINT_URL.replace(/\/+$/, ''), namespace: communityNamespace(communityId) };
  }
}
