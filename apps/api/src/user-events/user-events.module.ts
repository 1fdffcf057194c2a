import { Global, Module } from '@nestjs/common';
import { UserEventsController } from './user-events.controller';
import { UserEventsHub } from './user-events.hub';

/** Pushes changes meant for users to the socket nodes; global so each feature can publish. */
@Global()
@Module({ controllers: [UserEventsController], providers: [UserEventsHub], exports: [UserEventsHub] })
export class UserEventsModule {}
