import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { INTERNAL_USER_EVENTS_ROUTE } from '@app/shared';
import { InternalTokenGuard } from '../auth/internal-token.guard';
import type { HttpRequest, HttpResponse } from '../common/http.types';
import { UserEventsHub } from './user-events.hub';

/** A blank line this often keeps proxies from closing an idle stream and lets the node notice a dead one. */
export const USER_EVENTS_HEARTBEAT_MS = 15_000;

/** The socket nodes' stream of user events (internal listener only, like every `/internal` route). */
@Controller()
@UseGuards(InternalTokenGuard)
export class UserEventsController {
  constructor(private readonly hub: UserEventsHub) {}

  @Get(INTERNAL_USER_EVENTS_ROUTE)
  stream(@Req() req: HttpRequest, @Res() res: HttpResponse): void {
    // no-transform: the compression middleware would otherwise hold lines back.
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store, no-transform' });
    res.write('\n');
    const heartbeat = setInterval(() => res.write('\n'), USER_EVENTS_HEARTBEAT_MS);
    const unsubscribe = this.hub.subscribe({ send: (line) => res.write(`${line}\n`), end: () => res.end() });
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }
}
