import { type KeyObject, createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';

/**
 * Given a string, jsonwebtoken first tries (and fails) to parse it as a PEM public key on every call,
 * a thrown exception per handshake; a KeyObject, made once per secret, skips that.
 */
const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/** The user id (`sub`) of a valid HS256 token, or null. Expiry is checked when the token has one. */
export function verifyUserToken(token: string, secret: string): string | null {
  try {
    const payload = jwt.verify(token, keyFor(secret), { algorithms: ['HS256'] });
    if (typeof payload !== 'object' || typeof payload.sub !== 'string' || payload.sub.length === 0) return null;
    return payload.sub;
  } catch {
    return null;
  }
}
