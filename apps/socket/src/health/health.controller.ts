import { Controller, Get } from '@nestjs/common';

/** Liveness for load balancers and process managers: answers while the process serves requests. */
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
