import { type DynamicModule, Global, Module } from '@nestjs/common';
import { SOCKET_CONFIG, type SocketConfig } from './socket-config';

/** Makes the one validated config injectable everywhere as `@Inject(SOCKET_CONFIG)`. */
@Global()
@Module({})
export class SocketConfigModule {
  static forRoot(config: SocketConfig): DynamicModule {
    return { module: SocketConfigModule, providers: [{ provide: SOCKET_CONFIG, useValue: config }], exports: [SOCKET_CONFIG] };
  }
}
