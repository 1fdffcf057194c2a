import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { ChannelMemberEntity } from '../channels/channel-member.entity';
import { ChannelEntity } from '../channels/channel.entity';
import { CommunityMemberEntity } from '../communities/community-member.entity';
import { CommunityEntity } from '../communities/community.entity';
import { MessageEntity } from '../messages/message.entity';
import { UserEntity } from '../users/user.entity';
import { API_MIGRATIONS } from './migrations';

export const API_ENTITIES = [
  UserEntity,
  CommunityEntity,
  CommunityMemberEntity,
  ChannelEntity,
  ChannelMemberEntity,
  MessageEntity,
];

/** One definition of the connection for the app, the migration runner and the tests. */
export function createDataSourceOptions(url: string): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    entities: API_ENTITIES,
    migrations: API_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    // The schema changes only through reviewed migrations, never from entity metadata.
    synchronize: false,
    migrationsRun: false,
    // Failed queries surface as errors that the services map or the exception filter logs once.
    logging: false,
    extra: {
      max: 20,
      // Fail a request (503) rather than hang when the database cannot be reached.
      connectionTimeoutMillis: 5000,
      // A request never waits on the database forever; the socket app's own timeout is shorter still.
      statement_timeout: 15_000,
      application_name: 'commu-chat-api',
    },
  };
}
