import { Module, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ApiMetrics } from './api-metrics';
import { MetricsController } from './metrics.controller';

@Module({ providers: [ApiMetrics], controllers: [MetricsController], exports: [ApiMetrics] })
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: ApiMetrics,
    private readonly dataSource: DataSource,
  ) {}

  /** The pg pool under TypeORM's driver is the one every query of the app goes through. */
  onModuleInit(): void {
    this.metrics.observePgPool((this.dataSource.driver as PostgresDriver).master as Pool);
  }
}
