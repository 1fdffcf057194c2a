import { Global, Module } from '@nestjs/common';
import { Database } from './database';

/** The one `Database` (pool) for every feature's repository; closed when the app closes. */
@Global()
@Module({ providers: [Database], exports: [Database] })
export class DatabaseModule {}
