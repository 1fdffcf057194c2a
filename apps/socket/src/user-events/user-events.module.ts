import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { UserEventsSubscriber } from './user-events.subscriber';
import { UserNamespaceGateway } from './user-namespace.gateway';

@Module({ imports: [SessionsModule], providers: [UserEventsSubscriber, UserNamespaceGateway], exports: [UserEventsSubscriber] })
export class UserEventsModule {}
