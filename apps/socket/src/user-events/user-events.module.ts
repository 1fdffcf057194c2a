import { Module } from '@nestjs/common';
import { UserEventsSubscriber } from './user-events.subscriber';
import { UserNamespaceGateway } from './user-namespace.gateway';

@Module({ providers: [UserEventsSubscriber, UserNamespaceGateway], exports: [UserEventsSubscriber] })
export class UserEventsModule {}
