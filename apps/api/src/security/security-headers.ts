import helmet from 'helmet';
import type { HttpRequest, HttpResponse, NextFunction } from '../common/http.types';

/**
 * The origins a page may open sockets to, for the CSP's connect-src: each http(s) origin also as its
 * ws(s) twin, since Socket.IO upgrades to WebSocket on the same host.
 */
export function connectSources(origins: readonly string[]): string[] {
  const sources = new Set<string>();
  for (const origin of origins) {
    const url = new URL(origin);
    sources.add(url.origin);
    sources.add(`${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`);
  }
  return [...sources];
}

/**
 * helmet's headers on every response (no `X-Powered-By`, `nosniff`, no framing, a referrer policy)
 * and a Content Security Policy the web client passes: its own scripts only, no inline script, and
 * sockets only to the nodes it is told about. Inline styles stay allowed: React's `style` props and
 * the emoji picker's injected stylesheet need them, and they cannot run code.
 * `upgrade-insecure-requests` is off: on a plain-http deployment (a laptop, a private network) it
 * would send the page's socket connections to https and break them.
 */
export function securityHeaders(socketOrigins: readonly string[]): (req: HttpRequest, res: HttpResponse, next: NextFunction) => void {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...connectSources(socketOrigins)],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The API answers clients of any origin that hold a token (the contract's external clients).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  }) as (req: HttpRequest, res: HttpResponse, next: NextFunction) => void;
}
