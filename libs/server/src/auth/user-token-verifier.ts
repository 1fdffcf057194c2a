import { type KeyObject, createSecretKey } from 'node:crypto';
import { isUuid } from '@app/shared';
import jwt from 'jsonwebtoken';

/** Why a user token was refused; clients only ever see `unauthorized` (401 / `connect_error`). */
export type UserTokenRejection =
  /** Not a JWT at all, or not an object payload. */
  | 'malformed'
  /** Signed with another secret or another algorithm (only HS256 is accepted), or tampered with. */
  | 'bad_signature'
  /** `exp` has passed. */
  | 'expired'
  /** `nbf` is still in the future. */
  | 'not_yet_valid'
  /** `sub` is missing or not a user id (a UUID). */
  | 'bad_subject'
  /** No `exp`, where the rules require one. */
  | 'no_expiry'
  /** `iss` or `aud` is not the configured one. */
  | 'bad_issuer'
  | 'bad_audience';

/** `expiresAt`: the token's `exp` in epoch ms, when it has one (a socket is closed then). */
export type UserTokenResult = { ok: true; userId: string; expiresAt?: number } | { ok: false; reason: UserTokenRejection };

/**
 * What a deployment may demand of tokens beyond the contract (HS256, `sub` = user id). Each is off
 * by default so that tokens made to the v1 contract keep working; docker-compose turns them on.
 */
export interface UserTokenRules {
  /** Refuse tokens without `exp` (else they would be valid forever). */
  requireExpiry?: boolean;
  /** The `iss` every token must carry. */
  issuer?: string;
  /** An `aud` every token must carry. */
  audience?: string;
}

/**
 * The one rule set for user tokens (PROTOCOL.md: HS256 JWTs signed with JWT_SECRET, `sub` = user
 * id), used by the API's bearer guard and the socket handshake alike. Expiry and not-before are
 * checked when the token carries them; an `exp`, an issuer and an audience are required when the
 * deployment's {@link UserTokenRules} say so.
 */
export class UserTokenVerifier {
  /**
   * Given a string, jsonwebtoken first tries (and fails) to parse it as a PEM public key on every
   * call, an exception that cost a quarter of the API's CPU under load (measured 2026-11); a
   * KeyObject, made once, skips that.
   */
  private readonly key: KeyObject;
  private readonly options: jwt.VerifyOptions & { complete?: false };

  constructor(
    secret: string,
    private readonly rules: UserTokenRules = {},
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.options = { ...VERIFY_OPTIONS, issuer: rules.issuer, audience: rules.audience };
  }

  /** The user id (lower-case UUID) of a valid token, or null. */
  verify(token: string): string | null {
    const result = this.check(token);
    return result.ok ? result.userId : null;
  }

  /** As {@link verify}, with the reason of a refusal (for logs and tests, never for clients). */
  check(token: string): UserTokenResult {
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.key, this.options);
    } catch (err) {
      return { ok: false, reason: rejectionOf(err) };
    }
    if (typeof payload !== 'object' || payload === null) return { ok: false, reason: 'malformed' };
    // User ids are UUIDs; anything else can name no user, so it is refused here, not by a lookup.
    if (!isUuid(payload.sub)) return { ok: false, reason: 'bad_subject' };
    if (typeof payload.exp !== 'number') {
      return this.rules.requireExpiry ? { ok: false, reason: 'no_expiry' } : { ok: true, userId: payload.sub.toLowerCase() };
    }
    return { ok: true, userId: payload.sub.toLowerCase(), expiresAt: payload.exp * 1000 };
  }
}

/** What jsonwebtoken checks beyond the signature; the place for `issuer`, `audience`, `maxAge`. */
const VERIFY_OPTIONS: jwt.VerifyOptions & { complete?: false } = { algorithms: ['HS256'] };

function rejectionOf(err: unknown): UserTokenRejection {
  if (err instanceof jwt.TokenExpiredError) return 'expired';
  if (err instanceof jwt.NotBeforeError) return 'not_yet_valid';
  if (err instanceof jwt.JsonWebTokenError && /signature|algorithm/i.test(err.message)) return 'bad_signature';
  if (err instanceof jwt.JsonWebTokenError && /issuer/i.test(err.message)) return 'bad_issuer';
  if (err instanceof jwt.JsonWebTokenError && /audience/i.test(err.message)) return 'bad_audience';
  return 'malformed';
}
