import { type KeyObject, createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isUuid, type UserSummary } from '@app/shared';
import jwt from 'jsonwebtoken';
import { ApiConfig } from '../config/api-config';

/** HS256 tokens with `sub` = user id, so an external identity provider can issue them too. */
@Injectable()
export class TokenService {
  /**
   * Given a string, jsonwebtoken first tries (and fails) to parse it as a PEM public key on every
   * call, an exception that cost a quarter of the API's CPU under REST load (measured 2026-11); a
   * KeyObject skips that.
   */
  private readonly key: KeyObject;

  constructor(private readonly config: ApiConfig) {
    this.key = createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
  }

  sign(user: UserSummary): string {
    return jwt.sign({ username: user.username }, this.config.JWT_SECRET, {
      algorithm: 'HS256',
      subject: user.id,
      expiresIn: this.config.JWT_TTL_SECONDS,
    });
  }

  /** The user id of a valid token, or null for anything else (bad signature, expired, no uuid `sub`). */
  verify(token: string): string | null {
    try {
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'] });
      if (typeof payload === 'string') return null;
      return isUuid(payload.sub) ? payload.sub.toLowerCase() : null;
    } catch {
      return null;
    }
  }
}
