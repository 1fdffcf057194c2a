import { Injectable } from '@nestjs/common';
import { type EndpointResponse, communityNamespace, USER_NAMESPACE } from '@app/shared';
import { ApiConfig } from '../config/api-config';
import { RoutingService } from './routing.service';

/** With one socket node every community is served by it. */
@Injectable()
export class SingleNodeRoutingService extends RoutingService {
  constructor(private readonly config: ApiConfig) {
    super();
  }

  async endpointFor(communityId: string): Promise<EndpointResponse> {
    return { url: this.url(), namespace: communityNamespace(communityId) };
  }

  async personalEndpoint(): Promise<EndpointResponse> {
    return { url: this.url(), namespace: USER_NAMESPACE };
  }

  private url(): string {
    return this.config.SOCKET_ENDPOINT_URL.replace(/\/+$/, '');
  }
}
