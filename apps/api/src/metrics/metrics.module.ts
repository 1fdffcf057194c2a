import { Module, type OnModuleInit } from '@nestjs/common';
import { Database } from '../database/database';
import { ApiMetrics } from './api-metrics';
import { MetricsController } from './metrics.controller';

@Module({ providers: [ApiMetrics], controllers: [MetricsController], exports: [ApiMetrics] })
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: ApiMetrics,
    private readonly database: Database,
  ) {}

  /** The Database's pool is the one every query of the app goes through. */
  onModuleInit(): void {
    this.metrics.observePgPool(this.database.poolCounts);
  }
}
