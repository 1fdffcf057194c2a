import { Injectable } from '@nestjs/common';
import { UserTokenVerifier, tokenRulesFrom } from '@app/server';
import type { UserSummary } from '@app/shared';
import jwt from 'jsonwebtoken';
import { ApiConfig } from '../config/api-config';

/**
 * HS256 tokens with `sub` = user id, so an external identity provider can issue them too. Verifying
 * follows the rules shared with the socket handshake (`UserTokenVerifier` in @app/server).
 */
@Injectable()
export class TokenService {
  private readonly verifier: UserTokenVerifier;

  constructor(private readonly config: ApiConfig) {
    this.verifier = new UserTokenVerifier(config.JWT_SECRET, tokenRulesFrom(config));
  }

  sign(user: UserSummary): string {
    return jwt.sign({ username: user.username }, this.config.JWT_SECRET, {
      algorithm: 'HS256',
      subject: user.id,
      expiresIn: this.config.JWT_TTL_SECONDS,
      ...(this.config.JWT_ISSUER ? { issuer: this.config.JWT_ISSUER } : {}),
      ...(this.config.JWT_AUDIENCE ? { audience: this.config.JWT_AUDIENCE } : {}),
    });
  }

  /** The user id of a valid token, or null for anything else (bad signature, expired, no uuid `sub`). */
  verify(token: string): string | null {
    return this.verifier.verify(token);
  }
}
