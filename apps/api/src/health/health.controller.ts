import { Controller, Get, Res } from '@nestjs/common';
import type { LivenessResponse, ReadinessResponse } from '@app/shared';
import type { HttpResponse } from '../common/http.types';
import { HealthService } from './health.service';

/** Probes for load balancers and orchestrators, outside the `/api` prefix and without authentication. */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process serves HTTP; nothing else is checked, so a database outage never gets the API restarted. */
  @Get('live')
  live(): LivenessResponse {
    return { status: 'ok' };
  }

  /** 503 while Postgres (or Redis, with REDIS_URL) does not answer, with the failing check named. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: HttpResponse): Promise<ReadinessResponse> {
    const result = await this.health.readiness();
    response.status(result.status === 'ok' ? 200 : 503);
    return result;
  }
}
