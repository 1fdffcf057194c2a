import { Injectable } from '@nestjs/common';
import type { LoginResponse, UserSummary } from '@app/shared';
import { DomainError } from '@app/shared';
import { UsersService } from '../users/users.service';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersService,
  ) {}

  /** Dev login (DevLoginGuard keeps it off in `jwt` mode): a name is enough, the user is made on first use. */
  async login(username: string): Promise<LoginResponse> {
    const user = await this.users.upsertByUsername(username);
    return { token: this.tokens.sign(user), user };
  }

  /** The signed-in user behind a bearer token; a valid token of a user that no longer exists is refused too. */
  async authenticate(authorization: string | undefined): Promise<UserSummary> {
    const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '');
    const userId = match ? this.tokens.verify(match[1]) : null;
    const user = userId ? await this.users.findById(userId) : undefined;
    if (!user) throw new DomainError('unauthorized', 'missing or invalid token');
    return user;
  }
}
