import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';
import { SocketMetrics } from './socket-metrics';

/** Prometheus scrapes this node here (with SOCKET_WORKERS > 1: all its workers, added up). */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: SocketMetrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.exposition();
  }
}
