import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UserTokenVerifier } from './user-token-verifier';

const SECRET = 'verifier-secret-0123456789';
const verifier = new UserTokenVerifier(SECRET);
const userId = randomUUID();

const sign = (payload: object, options: jwt.SignOptions = {}, secret = SECRET) => jwt.sign(payload, secret, { algorithm: 'HS256', ...options });

describe('UserTokenVerifier', () => {
  it('returns the sub of a valid HS256 token, with or without exp, and when it expires', () => {
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(verifier.check(sign({ exp }, { subject: userId }))).toEqual({ ok: true, userId, expiresAt: exp * 1000 });
    expect(verifier.verify(sign({ sub: userId }))).toBe(userId);
  });

  it('lower-cases the user id, as the API stores it', () => {
    expect(verifier.verify(sign({ sub: userId.toUpperCase() }))).toBe(userId);
  });

  it.each([
    ['not a JWT', 'not-a-token', 'malformed'],
    ['an empty string', '', 'malformed'],
    ['another secret', sign({ sub: userId }, {}, 'another-secret-0123456789'), 'bad_signature'],
    ['a tampered payload', tamper(sign({ sub: userId })), 'bad_signature'],
    ['HS512', jwt.sign({ sub: userId }, SECRET, { algorithm: 'HS512' }), 'bad_signature'],
    ['alg none', jwt.sign({ sub: userId }, '', { algorithm: 'none' }), 'bad_signature'],
    ['an expired token', sign({ sub: userId, exp: Math.floor(Date.now() / 1000) - 10 }), 'expired'],
    ['a token not valid yet', sign({ sub: userId }, { notBefore: 3600 }), 'not_yet_valid'],
    ['no sub', sign({ username: 'ada' }), 'bad_subject'],
    ['an empty sub', sign({ sub: '' }), 'bad_subject'],
    ['a sub that is no user id', sign({ sub: 'ada' }), 'bad_subject'],
    ['a numeric sub', sign({ sub: 42 }), 'bad_subject'],
    ['a string payload', jwt.sign('just a string', SECRET, { algorithm: 'HS256' }), 'malformed'],
  ])('refuses %s', (_what, token, reason) => {
    expect(verifier.check(token)).toEqual({ ok: false, reason });
    expect(verifier.verify(token)).toBeNull();
  });
});

/** Swaps the payload for another user's, keeping the original signature. */
function tamper(token: string): string {
  const [header, , signature] = token.split('.');
  const payload = Buffer.from(JSON.stringify({ sub: randomUUID() })).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

describe('UserTokenVerifier with deployment rules', () => {
  const strict = new UserTokenVerifier(SECRET, { requireExpiry: true, issuer: 'commu', audience: 'chat' });
  const good = { subject: userId, issuer: 'commu', audience: 'chat', expiresIn: 60 } satisfies jwt.SignOptions;

  it('takes a token that carries exp, the issuer and the audience', () => {
    expect(strict.check(sign({}, good))).toEqual({ ok: true, userId, expiresAt: expect.any(Number) });
  });

  it.each([
    ['no exp', sign({}, { subject: userId, issuer: 'commu', audience: 'chat' }), 'no_expiry'],
    ['no issuer', sign({}, { subject: userId, audience: 'chat', expiresIn: 60 }), 'bad_issuer'],
    ['another issuer', sign({}, { ...good, issuer: 'evil' }), 'bad_issuer'],
    ['another audience', sign({}, { ...good, audience: 'other' }), 'bad_audience'],
  ])('refuses %s', (_what, token, reason) => {
    expect(strict.check(token)).toEqual({ ok: false, reason });
  });
});
