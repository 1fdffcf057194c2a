import { type DynamicModule, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { NodeAnnouncer, ROUTING_REDIS } from './node-announcer.service';

/** Announces this node to the API's routing through Redis; a no-op without Redis. */
@Module({})
export class RoutingModule {
  static forRoot(redis?: Redis): DynamicModule {
    return {
      module: RoutingModule,
      // The drain (community/node-drain.service.ts) takes the node out of routing first thing.
      global: true,
      providers: [NodeAnnouncer, ...(redis ? [{ provide: ROUTING_REDIS, useValue: redis }] : [])],
      exports: [NodeAnnouncer],
    };
  }
}
