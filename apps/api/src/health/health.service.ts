import { Injectable } from '@nestjs/common';
import { checkReadiness, type ReadinessCheck } from '@app/server';
import type { ReadinessResponse } from '@app/shared';
import { Database } from '../database/database';
import { RoutingService } from '../routing/routing.service';

/** What the API needs to answer requests: its database and, when routing goes through Redis, Redis. */
@Injectable()
export class HealthService {
  constructor(
    private readonly database: Database,
    private readonly routing: RoutingService,
  ) {}

  readiness(): Promise<ReadinessResponse> {
    const checks: Record<string, ReadinessCheck> = {
      postgres: () => this.database.query('SELECT 1'),
      ...this.routing.readinessChecks(),
    };
    return checkReadiness(checks);
  }
}
