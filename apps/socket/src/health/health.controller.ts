import { Controller, Get } from '@nestjs/common';
import type { ChatBatchStats } from '../chat/chat-batcher';
import { ChatWriter } from '../chat/chat-writer.service';

export interface HealthResponse {
  status: 'ok';
  /** The chat batcher's counters since start (absent when CHAT_WRITE_MODE does not batch). */
  chat?: ChatBatchStats;
}

/**
 * Liveness for load balancers and process managers: answers while the process serves requests.
 * It also carries the batcher's counters, which cost nothing to read (the benchmark reports batch
 * sizes and admission refusals from them).
 */
@Controller('health')
export class HealthController {
  constructor(private readonly writer: ChatWriter) {}

  @Get()
  health(): HealthResponse {
    const chat = this.writer.stats();
    return chat ? { status: 'ok', chat } : { status: 'ok' };
  }
}
