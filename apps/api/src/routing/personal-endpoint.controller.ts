import { Controller, Get, UseGuards } from '@nestjs/common';
import type { EndpointResponse, UserSummary } from '@app/shared';
import { CurrentUser } from '../auth/current-user.decorator';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { RoutingService } from './routing.service';

/** Where the caller's own namespace is served: its user events arrive there even before any community. */
@Controller('me/endpoint')
@UseGuards(JwtAuthGuard)
export class PersonalEndpointController {
  constructor(private readonly routing: RoutingService) {}

  @Get()
  endpoint(@CurrentUser() user: UserSummary): Promise<EndpointResponse> {
    return this.routing.personalEndpoint(user.id);
  }
}
