import jwt from 'jsonwebtoken';

/** The user id (`sub`) of a valid HS256 token, or null. Expiry is checked when the token has one. */
export function verifyUserToken(token: string, secret: string): string | null {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'] });
    if (typeof payload !== 'object' || typeof payload.sub !== 'string' || payload.sub.length === 0) return null;
    return payload.sub;
  } catch {
    return null;
  }
}
