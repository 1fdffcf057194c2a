import { type DynamicModule, Global, Module } from '@nestjs/common';
import { SocketConfig } from './socket-config';

/** Makes the already-validated config injectable everywhere as `SocketConfig`. */
@Global()
@Module({})
export class SocketConfigModule {
  static forRoot(config: SocketConfig): DynamicModule {
    return { module: SocketConfigModule, providers: [{ provide: SocketConfig, useValue: config }], exports: [SocketConfig] };
  }
}
