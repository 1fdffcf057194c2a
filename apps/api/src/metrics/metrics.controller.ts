import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';
import { ApiMetrics } from './api-metrics';

/** Prometheus scrapes this API instance here (outside the `/api` prefix, beside `/internal`). */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
