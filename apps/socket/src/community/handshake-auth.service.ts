import { Injectable } from '@nestjs/common';
import { UserTokenVerifier } from '@app/server';
import { communityIdFromNamespace, DomainError, isUuid, type SocketData } from '@app/shared';
import { ApiClient } from '../api-client/api-client.service';
import { SocketConfig } from '../config/socket-config';

/** Decides whether a handshake may enter a community namespace, and who it is. */
@Injectable()
export class HandshakeAuthService {
  private readonly tokens: UserTokenVerifier;

  constructor(
    config: SocketConfig,
    private readonly api: ApiClient,
  ) {
    this.tokens = new UserTokenVerifier(config.jwtSecret, config.tokenRules);
  }

  /** Throws a DomainError whose code becomes the `connect_error` message. */
  async authenticate(auth: Record<string, unknown> | undefined, namespace: string): Promise<SocketData> {
    const token = auth?.token;
    if (typeof token !== 'string' || token.length === 0) throw new DomainError('unauthorized', 'auth.token is missing');
    const checked = this.tokens.check(token);
    if (!checked.ok) throw new DomainError('unauthorized', 'auth.token is not a valid token');
    const { userId, expiresAt } = checked;

    // Community ids are UUIDs: anything else cannot exist, and need not cost an API call.
    const communityId = communityIdFromNamespace(namespace);
    if (!communityId || !isUuid(communityId)) throw new DomainError('not_found', 'no such community');

    const result = await this.api.communityAccess({ userId, communityId });
    if (!result.ok) throw DomainError.fromInfo(result.error);
    if (!result.value.ok) throw DomainError.fromInfo(result.value.error);
    const { id, username } = result.value.user;
    return expiresAt === undefined
      ? { user: { id, username }, communityId }
      : { user: { id, username }, communityId, tokenExpiresAt: expiresAt };
  }
}
