import { Injectable } from '@nestjs/common';
import { communityNamespace, DomainError, type MeResponse, type UserSummary } from '@app/shared';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  upsertByUsername(username: string): Promise<UserSummary> {
    return this.users.upsertByUsername(username);
  }

  findById(id: string): Promise<UserSummary | undefined> {
    return this.users.findById(id);
  }

  async requireById(id: string): Promise<UserSummary> {
    const user = await this.users.findById(id);
    if (!user) throw new DomainError('not_found', 'no such user');
    return user;
  }

  async requireByUsername(username: string): Promise<UserSummary> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new DomainError('not_found', `no user named ${username}`);
    return user;
  }

  async getMe(user: UserSummary): Promise<MeResponse> {
    const rows = await this.users.communitiesOf(user.id);
    return {
      user,
      communities: rows.map((r) => ({
        id: r.id,
        name: r.name,
        namespace: communityNamespace(r.id),
        role: r.role,
        defaultChannelId: r.default_channel_id,
      })),
    };
  }
}
