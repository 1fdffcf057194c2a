import { z } from 'zod';
import { envFields as f } from '../config/env-fields';
import type { UserTokenRules } from './user-token-verifier';

/**
 * The token rules a deployment sets, read the same way by the API and the socket nodes (which must
 * agree on them). All off by default: the wire contract's tokens are HS256 with a `sub`, nothing more.
 */
export const tokenRulesEnv = z.object({
  /** `true`: tokens without `exp` are refused (docker-compose sets it). */
  JWT_REQUIRE_EXP: f.boolean().default(false),
  /** Set: every token must carry this `iss` (and the dev login signs it in). */
  JWT_ISSUER: f.nonEmpty().optional(),
  /** Set: every token must carry this `aud` (and the dev login signs it in). */
  JWT_AUDIENCE: f.nonEmpty().optional(),
});

export function tokenRulesFrom(e: z.output<typeof tokenRulesEnv>): UserTokenRules {
  return { requireExpiry: e.JWT_REQUIRE_EXP, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE };
}
