import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { SocketMetrics } from './socket-metrics';

@Module({ providers: [SocketMetrics], controllers: [MetricsController], exports: [SocketMetrics] })
export class MetricsModule {}
