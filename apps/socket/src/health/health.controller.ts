import { Controller, Get } from '@nestjs/common';
import type { SocketHealthResponse } from '@app/shared';
import { ChatWriter } from '../chat/chat-writer';

/**
 * Liveness for load balancers and process managers: answers while the process serves requests.
 * It also carries the batcher's counters, which cost nothing to read (the benchmark reports batch
 * sizes and admission refusals from them).
 */
@Controller('health')
export class HealthController {
  constructor(private readonly writer: ChatWriter) {}

  @Get()
  health(): SocketHealthResponse {
    const chat = this.writer.stats();
    return chat ? { status: 'ok', chat } : { status: 'ok' };
  }
}
