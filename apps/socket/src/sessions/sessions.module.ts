import { Module } from '@nestjs/common';
import { UserConnections } from './user-connections';

/** What every namespace's sessions share in one process: the per-user connection cap. */
@Module({ providers: [UserConnections], exports: [UserConnections] })
export class SessionsModule {}
