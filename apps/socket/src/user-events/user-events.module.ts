import { Module } from '@nestjs/common';
import { UserEventsSubscriber } from './user-events.subscriber';

@Module({ providers: [UserEventsSubscriber], exports: [UserEventsSubscriber] })
export class UserEventsModule {}
