import { Controller, Get, Res } from '@nestjs/common';
import type { LivenessResponse, ReadinessResponse, SocketHealthResponse } from '@app/shared';
import { ChatWriter } from '../chat/chat-writer';
import { ReadinessService } from './readiness.service';

/** The subset of Express's response the readiness route sets its status on. */
interface StatusResponse {
  status(code: number): unknown;
}

/**
 * Probes for load balancers and process managers. `GET /health` predates the other two and keeps
 * its answer: liveness plus the batcher's counters, which cost nothing to read (the benchmark
 * reports batch sizes and admission refusals from them).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly writer: ChatWriter,
    private readonly readinessService: ReadinessService,
  ) {}

  @Get()
  health(): SocketHealthResponse {
    const chat = this.writer.stats();
    return chat ? { status: 'ok', chat } : { status: 'ok' };
  }

  /** The process serves HTTP; nothing else is checked, so an API or Redis outage never gets the node restarted. */
  @Get('live')
  live(): LivenessResponse {
    return { status: 'ok' };
  }

  /** 503 while the API (or Redis, with REDIS_URL) does not answer, with the failing check named. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: StatusResponse): Promise<ReadinessResponse> {
    const result = await this.readinessService.readiness();
    response.status(result.status === 'ok' ? 200 : 503);
    return result;
  }
}
