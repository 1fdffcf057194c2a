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
  | 'bad_subject';

export type UserTokenResult = { ok: true; userId: string } | { ok: false; reason: UserTokenRejection };

/**
 * The one rule set for user tokens (PROTOCOL.md: HS256 JWTs signed with JWT_SECRET, `sub` = user
 * id), used by the API's bearer guard and the socket handshake alike. Expiry and not-before are
 * checked when the token carries them. Requiring an issuer, an audience or an `exp` belongs in
 * {@link VERIFY_OPTIONS} (and a constructor option), and nowhere else.
 */
export class UserTokenVerifier {
  /**
   * Given a string, jsonwebtoken first tries (and fails) to parse it as a PEM public key on every
   * call, an exception that cost a quarter of the API's CPU under load; a KeyObject, made once, skips that.
   */
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
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
      payload = jwt.verify(token, this.key, VERIFY_OPTIONS);
    } catch (err) {
      return { ok: false, reason: rejectionOf(err) };
    }
    if (typeof payload !== 'object' || payload === null) return { ok: false, reason: 'malformed' };
    // User ids are UUIDs; anything else can name no user, so it is refused here, not by a lookup.
    if (!isUuid(payload.sub)) return { ok: false, reason: 'bad_subject' };
    return { ok: true, userId: payload.sub.toLowerCase() };
  }
}

/** What jsonwebtoken checks beyond the signature; the place for `issuer`, `audience`, `maxAge`. */
const VERIFY_OPTIONS: jwt.VerifyOptions & { complete?: false } = { algorithms: ['HS256'] };

function rejectionOf(err: unknown): UserTokenRejection {
  if (err instanceof jwt.TokenExpiredError) return 'expired';
  if (err instanceof jwt.NotBeforeError) return 'not_yet_valid';
  if (err instanceof jwt.JsonWebTokenError && /signature|algorithm/i.test(err.message)) return 'bad_signature';
  return 'malformed';
}
